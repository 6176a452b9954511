import postgres from 'postgres';
import { migrateDatabase } from '../../db/migrate.js';
import {
  type PrivatePostgres,
  type PrivateRedis,
  startPrivatePostgres,
  startPrivateRedis,
} from '../../test/support/services/index.js';

/**
 * Private PostgreSQL and Redis for one benchmark run: own data directories and free ports on 127.0.0.1, gone
 * when the run ends. Never a shared instance. The PostgreSQL is the test suite's (fsync and synchronous
 * commit off), which the results say.
 */
export interface BenchServices {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly postgres: PrivatePostgres;
  readonly redis: PrivateRedis;
  /** A fresh migrated database on the private server, e.g. one per measured side. */
  freshDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export const servicesNote =
  'private PostgreSQL (fsync=off, synchronous_commit=off) and Redis (no persistence) on 127.0.0.1';

export async function startBenchServices(): Promise<BenchServices> {
  const [pg, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
  const freshDatabase = async (name: string): Promise<string> => {
    const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.unsafe(`create database "${name}"`);
    } finally {
      await admin.end({ timeout: 1 });
    }
    const url = new URL(pg.url);
    url.pathname = `/${name}`;
    await migrateDatabase(url.toString());
    return url.toString();
  };
  const databaseUrl = await freshDatabase('triad_bench');
  return {
    databaseUrl,
    redisUrl: redis.url,
    postgres: pg,
    redis,
    freshDatabase,
    stop: async () => {
      await Promise.all([pg.stop(), redis.stop()]);
    },
  };
}
