import { ConfigError } from './config/env.js';
import { loadEnvFile } from './config/env-file.js';

/**
 * Reads the environment once at boot with the entry point's own parser (it reads only what that entry point
 * needs); prints one clear message and exits on a bad value. Without an explicit `env`, a `.env` file in the
 * working directory fills in the variables the environment does not set (the environment wins).
 */
export function loadConfig<T>(
  parse: (env: Record<string, string | undefined>) => T,
  env?: NodeJS.ProcessEnv,
): T {
  try {
    if (!env) loadEnvFile();
    return parse(env ?? process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
