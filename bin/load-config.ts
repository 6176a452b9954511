import { ConfigError } from './config/env.js';

/**
 * Reads the environment once at boot with the entry point's own parser (it reads only what that entry point
 * needs); prints one clear message and exits on a bad value.
 */
export function loadConfig<T>(
  parse: (env: Record<string, string | undefined>) => T,
  env: NodeJS.ProcessEnv = process.env,
): T {
  try {
    return parse(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
