import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { conflictError, missingRowError } from './repository-errors.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids can come back from buttons and forms; one that is not a uuid matches no row (Postgres would instead
 * reject the whole statement with a syntax error).
 */
export const isUuid = (value: string): boolean => uuidPattern.test(value);

/** For plain updates: the row must exist. */
export function requireUpdated(rows: readonly unknown[]): void {
  if (rows.length === 0) throw missingRowError();
}

/** For optimistic updates: no row at the expected version means someone else won. */
export function requireCurrentVersion(rows: readonly unknown[]): void {
  if (rows.length === 0) throw conflictError();
}

/** Drops the primary key from a record, for `update … set`. */
export function withoutId<T extends { id?: unknown }>(record: T): Omit<T, 'id'> {
  const { id: _id, ...rest } = record;
  return rest;
}

/**
 * `column = any($1::uuid[])`: the ids as ONE array parameter, where `inArray` makes a parameter of each (hundreds
 * for a page of engagements: each built into the statement and bound one by one). Same rows matched.
 */
export const amongIds = (column: PgColumn, ids: readonly string[]): SQL =>
  sql`${column} = any(${sql.param([...ids])}::uuid[])`;

/**
 * A bytea column read as base64 text and decoded here: what a batch that reads hundreds of sealed payloads
 * selects, a third fewer bytes than bytea's `\x` hex text form (postgres.js reads results as text).
 */
export const bytesAsBase64 = (column: PgColumn) =>
  sql<Buffer>`encode(${column}, 'base64')`.mapWith((value: string) => Buffer.from(value, 'base64'));
