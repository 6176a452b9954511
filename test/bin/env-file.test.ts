import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv, promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../bin/config/app.config.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A working directory holding only a `.env` with `text`. */
function folderWithEnvFile(text: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'triad-env-'));
  folders.push(folder);
  writeFileSync(path.join(folder, '.env'), text);
  return folder;
}

/** Runs `npm run db:migrate`'s entry point in `cwd` with exactly `env` (plus what starting node needs). */
async function migrateIn(cwd: string, env: Record<string, string>) {
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, [path.join(repo, 'bin/migrate.ts')], {
      cwd,
      env: { ...base, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('configuration from .env', () => {
  it('an entry point reads the .env in its working directory', async () => {
    const cwd = folderWithEnvFile('# the database\nDATABASE_URL=mysql://from-the-file/triad\n');
    const run = await migrateIn(cwd, {});
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DATABASE_URL must be a URL like postgres://');
    expect(run.stderr).not.toContain('from-the-file');
  }, 90_000);

  it('a variable in the environment wins over the file, even when it is empty', async () => {
    const cwd = folderWithEnvFile('DATABASE_URL=postgres://triad@127.0.0.1:9/from-the-file\n');
    const overridden = await migrateIn(cwd, { DATABASE_URL: 'mysql://from-the-environment/triad' });
    expect(overridden.code).toBe(1);
    expect(overridden.stderr).toContain('DATABASE_URL must be a URL like postgres://');
    const emptied = await migrateIn(cwd, { DATABASE_URL: '' });
    expect(emptied.code).toBe(1);
    expect(emptied.stderr).toContain('DATABASE_URL is required');
  }, 90_000);

  it('.env.example is read by the same parser and is a valid configuration once the key is filled in', () => {
    const example = parseEnv(readFileSync(path.join(repo, '.env.example'), 'utf8'));
    expect(example).toMatchObject({
      QUEUE_PREFIX: '{triad}',
      WORKING_HOURS: '09:00-18:00',
      DATABASE_URL: '',
    });
    const key = Buffer.alloc(32, 7).toString('base64');
    const config = parseAppConfig({ ...example, TRIAD_ENCRYPTION_KEYS: `k2026a:${key}` });
    expect(config).toMatchObject({ PORT: 3000, DEFAULT_TIME_ZONE: 'Europe/London' });
  });
});
