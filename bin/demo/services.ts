import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { TriadDatabase } from '../../db/client.js';
import { createDatabase } from '../../db/client.js';
import { migrateDatabase } from '../../db/migrate.js';
import { createPgliteDatabase } from '../../db/pglite.js';
import { createUnitOfWork } from '../../db/unit-of-work.js';
import type { Logger } from '../../src/ports/logger.js';
import type { UnitOfWork } from '../../src/ports/repositories.js';
import { startDemoRedis } from './private-redis.js';

/** The demo's database and Redis: what it was given (DATABASE_URL, REDIS_URL) or embedded defaults it owns. */
export interface DemoServices {
  readonly uow: UnitOfWork;
  readonly db: TriadDatabase;
  readonly redisUrl: string;
  /** How each was provided, for the demo's opening lines. */
  readonly describe: { database: string; redis: string };
  close(): Promise<void>;
}

export interface DemoServiceOptions {
  readonly databaseUrl?: string;
  readonly redisUrl?: string;
  readonly logger: Logger;
}

/**
 * Starts what the demo runs on. Without DATABASE_URL: an in-memory PGlite with the project's migrations.
 * Without REDIS_URL: a private redis-server on a free port, stopped (and its files removed) on close or exit.
 */
export async function startDemoServices(options: DemoServiceOptions): Promise<DemoServices> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer().catch(() => undefined);
  };
  try {
    let redisUrl = options.redisUrl;
    let redisWords = 'Redis from REDIS_URL';
    if (!redisUrl) {
      const redis = await startDemoRedis();
      closers.push(() => redis.stop());
      redisUrl = redis.url;
      redisWords = `private redis-server on ${new URL(redis.url).host} (no persistence, stopped on exit)`;
    }
    let database: { db: TriadDatabase; close(): Promise<void> };
    let databaseWords: string;
    if (options.databaseUrl) {
      await migrateDatabase(options.databaseUrl);
      database = createDatabase(options.databaseUrl, { max: 5 });
      databaseWords = 'PostgreSQL from DATABASE_URL (migrated)';
    } else {
      database = await createPgliteDatabase();
      databaseWords = 'embedded PostgreSQL (PGlite, in memory, same migrations)';
    }
    closers.push(() => database.close());
    return {
      uow: createUnitOfWork(database.db, { logger: options.logger }),
      db: database.db,
      redisUrl,
      describe: { database: databaseWords, redis: redisWords },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A fresh AES-256 key for this run (TRIAD_ENCRYPTION_KEYS, when set, is used instead). */
export const demoEncryptionKey = () => ({ id: 'demo', key: randomBytes(32) });

/** Every row of every table as text: for the check that no private text is stored in plain form. */
export async function dumpAllRows(db: TriadDatabase): Promise<string> {
  const tables = rowsOf(
    await db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    ),
  ).map((row) => String(row.table_name));
  const chunks: string[] = [];
  for (const table of tables) {
    const rows = rowsOf(await db.execute(sql.raw(`select t::text as row from "${table}" t`)));
    for (const row of rows) chunks.push(String(row.row));
  }
  return chunks.join('\n');
}

/** postgres.js answers with an array of rows, PGlite with `{ rows }`. */
function rowsOf(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result as Record<string, unknown>[];
  return ((result as { rows?: unknown[] }).rows ?? []) as Record<string, unknown>[];
}
