import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { Logger } from '../src/ports/logger.js';
import { type DatabaseHandle, statementLogger } from './client.js';
import { migrationsFolder } from './migrate.js';

export interface PgliteDatabaseOptions {
  /** Directory to keep the data in; in memory when absent. */
  readonly dataDir?: string;
  readonly logger?: Logger;
}

/**
 * An embedded PostgreSQL (PGlite) with the project's migrations applied: the demo's default database and a
 * fast real-SQL option for tests. One connection, so transactions run one at a time.
 */
export async function createPgliteDatabase(
  options: PgliteDatabaseOptions = {},
): Promise<DatabaseHandle<PGlite>> {
  const client = options.dataDir === undefined ? await PGlite.create() : await PGlite.create(options.dataDir);
  const db = drizzle(client, { logger: options.logger ? statementLogger(options.logger) : false });
  try {
    await migrate(db, { migrationsFolder });
  } catch (error) {
    await client.close();
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    db,
    sql: client,
    close: () => {
      closed ??= client.closed ? Promise.resolve() : client.close();
      return closed;
    },
  };
}
