import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { migrateDatabase } from '../../db/migrate.js';
import { serviceUrl } from './service-url.js';

export interface TestDatabase {
  /** URL of a fresh, migrated database that only this test file uses. */
  readonly url: string;
  /** A postgres.js client on that database. */
  readonly sql: postgres.Sql;
  /** Closes `sql`, ends every other connection to the database and drops it. */
  drop(): Promise<void>;
}

/**
 * Creates a uniquely named database on the test server (the private one, or DATABASE_URL's) and
 * runs the project's migrations in it (unless `migrate: false`: an empty database). Only databases made here
 * are ever dropped.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = serviceUrl('databaseUrl');
  const name = `triad_t_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, (admin) => admin.unsafe(`create database "${name}"`));
  const url = databaseUrl(serverUrl, name);
  try {
    if (options.migrate !== false) await migrateDatabase(url);
  } catch (error) {
    await dropDatabase(serverUrl, name);
    throw error;
  }
  const sql = postgres(url, { max: 5, onnotice: () => {} });
  let dropped: Promise<void> | undefined;
  return {
    url,
    sql,
    drop: () => {
      dropped ??= sql.end({ timeout: 1 }).then(() => dropDatabase(serverUrl, name));
      return dropped;
    },
  };
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await onServer(serverUrl, (admin) => admin.unsafe(`drop database if exists "${name}" with (force)`));
}

async function onServer(serverUrl: string, run: (admin: postgres.Sql) => Promise<unknown>): Promise<void> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await run(admin);
  } finally {
    await admin.end({ timeout: 1 });
  }
}
