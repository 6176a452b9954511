import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../db/client.js';
import { migrateDatabase } from '../../db/migrate.js';
import { createPgliteDatabase } from '../../db/pglite.js';
import * as schema from '../../db/schema/index.js';
import { createUnitOfWork } from '../../db/unit-of-work.js';
import { createTestDatabase } from '../support/test-database.js';

const journal = JSON.parse(
  readFileSync(new URL('../../db/migrations/meta/_journal.json', import.meta.url), 'utf8'),
) as { entries: unknown[] };

import { outboxEntry } from './contract/fixtures.js';

/** What the drizzle schema declares: table → sorted column names, and every index name. */
function declared() {
  const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable => is(value, PgTable));
  const columns = Object.fromEntries(
    tables.map((table) => {
      const config = getTableConfig(table);
      return [config.name, config.columns.map((column) => column.name).sort()];
    }),
  );
  const indexes = tables
    .flatMap((table) => getTableConfig(table).indexes.map((index) => index.config.name))
    .sort();
  return { columns, indexes };
}

const columnsQuery = `
  select table_name as "table", column_name as "column" from information_schema.columns
  where table_schema = 'public' order by table_name, column_name`;
const indexesQuery = `
  select indexname as "name" from pg_indexes
  where schemaname = 'public' and indexname not like '%_pkey' order by indexname`;

function found(columnRows: { table: string; column: string }[], indexRows: { name: string }[]) {
  const columns: Record<string, string[]> = {};
  for (const { table, column } of columnRows) columns[table] = [...(columns[table] ?? []), column];
  for (const list of Object.values(columns)) list.sort();
  return { columns, indexes: indexRows.map((row) => row.name).sort() };
}

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe('the committed migrations', () => {
  it('declare twenty tables', () => {
    expect(Object.keys(declared().columns)).toHaveLength(20);
  });

  it('build exactly the schema’s tables, columns and indexes on an empty PostgreSQL, and apply once', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const sql = database.sql;
    expect(found(await sql.unsafe(columnsQuery), await sql.unsafe(indexesQuery))).toEqual(declared());
    await migrateDatabase(database.url);
    const applied = await sql`select count(*)::int as count from drizzle.__drizzle_migrations`;
    expect(applied).toEqual([{ count: journal.entries.length }]);
  });

  it('build exactly the same on PGlite', { timeout: 90_000 }, async () => {
    const database = await createPgliteDatabase();
    cleanups.push(() => database.close());
    const rows = async <T>(query: string) => (await database.sql.query<T>(query)).rows;
    const columns = await rows<{ table: string; column: string }>(columnsQuery);
    expect(found(columns, await rows<{ name: string }>(indexesQuery))).toEqual(declared());
  });

  it('store jsonb as JSON objects and bytea as bytes, not as text', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const handle = createDatabase(database.url, { max: 1 });
    cleanups.push(() => handle.close());
    const uow = createUnitOfWork(handle.db);
    const key = randomUUID();
    await uow.read.processed.insert({ key, outcome: { a: [1] }, createdAt: new Date() });
    const message = outboxEntry(null, { ciphertext: randomBytes(40) });
    await uow.read.outbox.insert(message);
    const [json] = await database.sql`
      select jsonb_typeof(outcome) as type, outcome->'a'->>0 as first from processed_requests where key = ${key}`;
    expect(json).toEqual({ type: 'object', first: '1' });
    const [bytes] =
      await database.sql`select encode(ciphertext, 'hex') as hex from outbox where id = ${message.id}`;
    expect(bytes).toEqual({ hex: message.ciphertext.toString('hex') });
  });
});
