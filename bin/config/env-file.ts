import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './env.js';

/**
 * Reads `.env` from the working directory into `process.env`, when the file exists, with Node's own parser
 * (`process.loadEnvFile`, Node ≥ 20.12: `NAME=value` lines, `#` comments, optional quotes). Variables already in
 * the environment win: the file only fills in what is not set (a variable set to the empty string counts as
 * set). Returns whether a file was read.
 */
export function loadEnvFile(cwd: string = process.cwd()): boolean {
  const path = resolve(cwd, '.env');
  if (!existsSync(path)) return false;
  try {
    process.loadEnvFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new ConfigError([`.env could not be read (${typeof code === 'string' ? code : 'unreadable'})`]);
  }
  return true;
}
