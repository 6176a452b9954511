import type { Logger as DrizzleLogger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Logger } from '../src/ports/logger.js';

/** What every repository runs on: a drizzle database or transaction, whichever driver is underneath. */
export type TriadDatabase = PgDatabase<PgQueryResultHKT>;

export interface DatabaseHandle<Client> {
  readonly db: TriadDatabase;
  /** The driver's own client (postgres.js `Sql`, or the PGlite instance). */
  readonly sql: Client;
  /** Closes every connection; safe to call twice. */
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Pool size (postgres.js `max`); 10 by default. */
  readonly max?: number;
  /** Receives each statement's SQL text at debug level, never its parameters (they may hold private data). */
  readonly logger?: Logger;
}

/** A pooled postgres.js client with drizzle on top. Does not migrate: run `migrateDatabase(url)` first. */
export function createDatabase(url: string, options: DatabaseOptions = {}): DatabaseHandle<postgres.Sql> {
  const { logger } = options;
  const sql = postgres(url, {
    max: options.max ?? 10,
    // Reconnect quickly after an outage (the driver's default grows to 20 s, past Slack's 3-second ack window).
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    onnotice: (notice) => logger?.debug({ code: notice.code, severity: notice.severity }, 'postgres notice'),
  });
  const db = drizzle(sql, { logger: logger ? statementLogger(logger) : false });
  let closed: Promise<void> | undefined;
  return {
    db,
    sql,
    close: () => {
      closed ??= sql.end({ timeout: 5 });
      return closed;
    },
  };
}

/** Logs statements without their parameters: a parameter can be a display name or ciphertext. */
export function statementLogger(logger: Logger): DrizzleLogger {
  return {
    logQuery: (query, params) => logger.debug({ query, parameterCount: params.length }, 'sql'),
  };
}
