import postgres from 'postgres';
import type { BenchServices } from './services.js';

/**
 * Every statement a process sends to the private PostgreSQL, counted by the server (pg_stat_statements, utility
 * statements such as BEGIN and COMMIT included), so a compiled process under test is counted as shipped,
 * without instrumenting it. `enable` loads the extension (a restart of the private server) once per run.
 */
export async function enableStatementStats(services: BenchServices): Promise<void> {
  const admin = postgres(services.postgres.url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`alter system set shared_preload_libraries = 'pg_stat_statements'`);
  } finally {
    await admin.end({ timeout: 1 });
  }
  await services.postgres.restart();
}

/** Statements executed so far in one database (all users); call `createStatementCounter` after migrating it. */
export async function createStatementCounter(databaseUrl: string) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  await sql.unsafe('create extension if not exists pg_stat_statements');
  const count = async (): Promise<number> => {
    const [row] = await sql<{ calls: string | null }[]>`
      select sum(calls)::text as calls from pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database())`;
    return Number(row?.calls ?? 0);
  };
  return {
    /** Statements so far, this query's own earlier runs included (subtract `ownPerRead` per read). */
    count,
    ownPerRead: 1,
    close: () => sql.end({ timeout: 1 }),
  };
}
