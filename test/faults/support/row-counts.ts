import type postgres from 'postgres';

/** Every table that holds engagement state; `processed_requests` is left out (it records each request). */
export const stateTables = [
  'organisations',
  'people',
  'engagements',
  'spaces',
  'meetings',
  'reflection_prompts',
  'private_entries',
  'consents',
  'releases',
  'outbox',
  'audit_log',
] as const;

export type RowCounts = Record<(typeof stateTables)[number], number>;

/** Row counts of every state table, in one query. */
export async function rowCounts(sql: postgres.Sql): Promise<RowCounts> {
  const query = stateTables
    .map((table) => `select '${table}' as t, count(*)::int as n from "${table}"`)
    .join(' union all ');
  const rows = await sql.unsafe<{ t: string; n: number }[]>(query);
  return Object.fromEntries(rows.map((row) => [row.t, row.n])) as RowCounts;
}
