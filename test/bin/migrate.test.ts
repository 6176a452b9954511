import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseConfig } from '../../bin/config/database.config.js';
import { ConfigError } from '../../bin/config/env.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

/** Runs `npm run db:migrate`'s script with exactly `env` (plus what starting node needs). */
async function migrate(env: Record<string, string>) {
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, ['bin/migrate.ts'], {
      cwd: repo,
      env: { ...base, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('npm run db:migrate', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(() => database?.drop());

  it('migrates an empty database with DATABASE_URL as the only setting', async () => {
    const run = await migrate({ DATABASE_URL: database.url });
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining('Migrations applied.') });
    const tables = await database.sql<{ name: string }[]>`
      select table_name as name from information_schema.tables where table_schema = 'public'`;
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['engagements', 'outbox', 'people']));
  }, 90_000);

  it('says clearly that DATABASE_URL is missing, and changes nothing', async () => {
    const run = await migrate({});
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('db:migrate cannot run');
    expect(run.stderr).toContain('DATABASE_URL is required');
    expect(run.stderr).toContain('postgres://user:password@host:5432/triad');
  }, 90_000);
});

describe('the database configuration', () => {
  it('reads DATABASE_URL and ignores every other variable, even a bad one', () => {
    const url = 'postgres://triad:pw@db.internal:5432/triad';
    expect(parseDatabaseConfig({ DATABASE_URL: url, SLACK_BOT_TOKEN: 'not-a-token', PORT: 'x' })).toEqual({
      DATABASE_URL: url,
    });
  });

  it.each([
    ['missing', undefined, 'is required'],
    ['empty', '', 'is required'],
    ['not a Postgres URL', 'mysql://db/triad', 'must be a URL like postgres://'],
  ])('refuses a DATABASE_URL that is %s, without showing it', (_case, value, words) => {
    const attempt = () => parseDatabaseConfig({ DATABASE_URL: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(words);
    if (value) expect(attempt).not.toThrow(value);
  });
});
