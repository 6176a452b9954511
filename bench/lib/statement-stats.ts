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
  const byStatement = async (): Promise<StatementTotals> => {
    const rows = await sql<{ queryid: string; query: string; calls: string; ms: number; rows: string }[]>`
      select queryid::text as queryid, query, calls::text as calls, total_exec_time as ms, rows::text as rows
      from pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database())`;
    return new Map(
      rows.map((row) => [
        row.queryid,
        { query: row.query, calls: Number(row.calls), ms: row.ms, rows: Number(row.rows) },
      ]),
    );
  };
  return {
    /** Statements so far, this query's own earlier runs included (subtract `ownPerRead` per read). */
    count,
    /** Per statement: calls, execution time and rows so far (diff two with `topStatements`). */
    byStatement,
    ownPerRead: 1,
    close: () => sql.end({ timeout: 1 }),
  };
}

export type StatementTotals = Map<string, { query: string; calls: number; ms: number; rows: number }>;

export interface StatementFigure {
  /** The statement's first 160 characters, as pg_stat_statements normalised it (no values). */
  statement: string;
  calls: number;
  /** Execution time inside PostgreSQL, lock waits included. */
  totalMs: number;
  rows: number;
}

/** The statements that took the most execution time between two readings, most first. */
export function topStatements(before: StatementTotals, after: StatementTotals, n = 10): StatementFigure[] {
  return [...after.entries()]
    .map(([id, now]) => {
      const then = before.get(id);
      return {
        statement: now.query.replace(/\s+/g, ' ').slice(0, 160),
        calls: now.calls - (then?.calls ?? 0),
        totalMs: Math.round((now.ms - (then?.ms ?? 0)) * 10) / 10,
        rows: now.rows - (then?.rows ?? 0),
      };
    })
    .filter((figure) => figure.calls > 0)
    .sort((a, b) => b.totalMs - a.totalMs)
    .slice(0, n);
}
