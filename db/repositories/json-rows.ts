import { getTableColumns, type SQL, type SQLChunk, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { TriadDatabase } from '../client.js';

/** Column types a JSON value reads back into exactly (`jsonb_to_recordset`): those of the batch-written tables. */
const JSON_READABLE = new Set([
  'uuid',
  'uuid[]',
  'text',
  'text[]',
  'integer',
  'jsonb',
  'bytea',
  'timestamp with time zone',
]);

/**
 * Bytes as base64, decoded by the statement (a third smaller than bytea's `\x` hex text form, which doubled every
 * sealed payload on its way in).
 */
function base64Of(value: unknown): unknown {
  // A view of the same bytes, not a copy of every sealed payload.
  if (value instanceof Uint8Array) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  }
  return value;
}

const isBytes = (column: PgColumn) => column.getSQLType() === 'bytea';

export interface JsonRowsInsert {
  /** `on conflict (…) do nothing` on these columns; none: a conflict fails the statement. */
  conflictTarget?: PgColumn[];
  /** The column returned for each row inserted (a conflicting row returns nothing); none: nothing returned. */
  returning?: PgColumn;
}

/**
 * Inserts many rows with one statement and ONE parameter: the rows as a JSON array, read by Postgres with
 * `jsonb_to_recordset` into the table's column types, in the order given (`with ordinality`). The same rows,
 * defaults, conflicts and order as a multi-row `values` insert, without a parameter (and its query building and
 * binding in the worker) per column of every row. Rows that do not all have the same columns, or a column type
 * JSON does not read back exactly, take drizzle's `values` insert instead. Answers the returned column's values.
 */
export async function insertJsonRows<Row extends object>(
  db: TriadDatabase,
  table: PgTable,
  rows: readonly Row[],
  options: JsonRowsInsert,
): Promise<string[]> {
  if (rows.length === 0) return [];
  const byKey = getTableColumns(table) as Record<string, PgColumn>;
  const [first] = rows as Record<string, unknown>[];
  const keys = Object.keys(first ?? {}).filter((key) => first?.[key] !== undefined && byKey[key]);
  const uniform = (rows as Record<string, unknown>[]).every(
    (row) =>
      Object.keys(row).filter((key) => row[key] !== undefined && byKey[key]).length === keys.length &&
      keys.every((key) => row[key] !== undefined),
  );
  const columns = keys.map((key) => byKey[key] as PgColumn);
  if (!uniform || columns.some((column) => !JSON_READABLE.has(column.getSQLType()))) {
    return valuesInsert(db, table, rows, options);
  }
  // The record's fields are named as the rows' own properties (Postgres leaves out the keys of no field), so the
  // rows are written as they are, not copied under their column names; only a row with bytes is copied, its
  // bytes as base64.
  const bytes = columns.map(isBytes);
  const byteKeys = keys.filter((_, index) => bytes[index]);
  const json = JSON.stringify(
    byteKeys.length === 0
      ? rows
      : (rows as Record<string, unknown>[]).map((row) => {
          const copy = { ...row };
          for (const key of byteKeys) copy[key] = base64Of(row[key]);
          return copy;
        }),
  );
  const list = (parts: SQLChunk[]) => sql.join(parts, sql`, `);
  const names = list(columns.map((column) => sql.identifier(column.name)));
  const fields = list(keys.map((key) => sql.identifier(key)));
  const typed = list(
    keys.map(
      (key, index) =>
        sql`${sql.identifier(key)} ${sql.raw(bytes[index] ? 'text' : (columns[index] as PgColumn).getSQLType())}`,
    ),
  );
  const selected = list(
    keys.map((key, index) =>
      bytes[index] ? sql`decode(${sql.identifier(key)}, 'base64')` : sql`${sql.identifier(key)}`,
    ),
  );
  const conflict: SQL = options.conflictTarget
    ? sql` on conflict (${sql.join(
        options.conflictTarget.map((column) => sql.identifier(column.name)),
        sql`, `,
      )}) do nothing`
    : sql``;
  const returning = options.returning
    ? sql` returning ${sql.identifier(options.returning.name)} as "value"`
    : sql``;
  const result = await db.execute(
    sql`insert into ${table} (${names}) select ${selected} from rows from (jsonb_to_recordset(${json}::jsonb) as (${typed})) with ordinality as r(${fields}, "ordinality") order by "ordinality"${conflict}${returning}`,
  );
  // postgres.js answers the rows as an array, PGlite as `{ rows }`.
  const returned = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    value: unknown;
  }[];
  return returned.map((row) => String(row.value));
}

async function valuesInsert<Row extends object>(
  db: TriadDatabase,
  table: PgTable,
  rows: readonly Row[],
  options: JsonRowsInsert,
): Promise<string[]> {
  const insert = db.insert(table).values([...rows] as never[]);
  const guarded = options.conflictTarget
    ? insert.onConflictDoNothing({ target: options.conflictTarget })
    : insert;
  if (!options.returning) {
    await guarded;
    return [];
  }
  const returned = await guarded.returning({ value: options.returning });
  return returned.map((row) => String(row.value));
}
