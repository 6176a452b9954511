import { type Config, ConfigError, parseConfig } from '../src/config/config.schema.js';

/** Reads the environment once at boot; prints one clear message and exits on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
