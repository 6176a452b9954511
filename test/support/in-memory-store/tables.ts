import { getTableColumns, SQL } from 'drizzle-orm';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../../../db/schema/index.js';
import type { Engagement } from '../../../src/engagement/records.js';
import { databaseError } from './database-error.js';

/**
 * The in-memory store's picture of the database, read from the drizzle schema itself so it cannot drift: column
 * kinds, NOT NULL, defaults, primary keys, foreign keys and unique indexes with their Postgres names.
 */
export const tables = {
  organisations: schema.organisations,
  people: schema.people,
  engagements: schema.engagements,
  spaces: schema.spaces,
  spaceMembers: schema.spaceMembers,
  meetings: schema.meetings,
  prompts: schema.reflectionPrompts,
  entries: schema.privateEntries,
  consents: schema.consents,
  releases: schema.releases,
  outbox: schema.outbox,
  audit: schema.auditLog,
  processed: schema.processedRequests,
  coachProfiles: schema.coachProfiles,
  organisationAdmins: schema.organisationAdmins,
  tenantAccess: schema.tenantAccess,
  coachInvitations: schema.coachInvitations,
  presenceRecords: schema.presenceRecords,
} as const;
export type TableName = keyof typeof tables;
export type Row = Record<string, unknown>;

/** Partial unique indexes carry SQL predicates; their JavaScript twins live here (a missing one fails at load). */
const partialIndexPredicates: Record<string, (row: Row) => boolean> = {
  engagements_one_active_per_client: (row) =>
    !['closed', 'cancelled'].includes((row as unknown as Engagement).stage),
  spaces_engagement_kind_live: (row) => row.retiredAt === null || row.retiredAt === undefined,
};

type Kind = 'uuid' | 'uuid[]' | 'integer' | 'serial' | 'timestamp' | 'jsonb' | 'bytea' | 'boolean' | 'text';

interface ColumnMeta {
  readonly key: string;
  readonly sqlName: string;
  readonly kind: Kind;
  readonly notNull: boolean;
  readonly defaultValue: (() => unknown) | undefined;
}

export interface UniqueMeta {
  readonly name: string;
  readonly keys: readonly string[];
  readonly where: ((row: Row) => boolean) | undefined;
}

export interface ForeignKeyMeta {
  readonly name: string;
  readonly key: string;
  readonly target: TableName;
}

export interface TableMeta {
  readonly name: TableName;
  readonly sqlName: string;
  readonly primaryKey: string;
  readonly columns: readonly ColumnMeta[];
  readonly uniques: readonly UniqueMeta[];
  readonly foreignKeys: readonly ForeignKeyMeta[];
}

const kinds: Record<string, Kind> = {
  PgUUID: 'uuid',
  PgInteger: 'integer',
  PgBigSerial53: 'serial',
  PgTimestamp: 'timestamp',
  PgJsonb: 'jsonb',
  PgBoolean: 'boolean',
  PgText: 'text',
};

function kindOf(column: PgColumn): Kind {
  const sqlType = column.getSQLType();
  if (sqlType === 'bytea') return 'bytea';
  if (sqlType === 'uuid[]') return 'uuid[]';
  const kind = kinds[column.columnType];
  if (!kind)
    throw new Error(`in-memory store: unsupported column type ${column.columnType} (${column.name})`);
  return kind;
}

function defaultOf(column: PgColumn): (() => unknown) | undefined {
  if (!column.hasDefault) return undefined;
  const value = column.default;
  if (value instanceof SQL) return () => new Date(); // the schema's only SQL default is now()
  return () => (typeof value === 'object' && value !== null ? structuredClone(value) : value);
}

const sqlToName = new Map<string, TableName>(
  (Object.entries(tables) as [TableName, PgTable][]).map(([name, table]) => [
    getTableConfig(table).name,
    name,
  ]),
);

function describe(name: TableName, table: PgTable): TableMeta {
  const config = getTableConfig(table);
  const keyOf = new Map(Object.entries(getTableColumns(table)).map(([key, column]) => [column.name, key]));
  const key = (sqlName: string) => {
    const found = keyOf.get(sqlName);
    if (!found) throw new Error(`in-memory store: unknown column ${config.name}.${sqlName}`);
    return found;
  };
  const columns = config.columns.map((column) => ({
    key: key(column.name),
    sqlName: column.name,
    kind: kindOf(column),
    notNull: column.notNull,
    defaultValue: defaultOf(column),
  }));
  const primary = config.columns.find((column) => column.primary);
  if (!primary) throw new Error(`in-memory store: ${config.name} has no single-column primary key`);
  const uniques: UniqueMeta[] = config.indexes
    .filter((index) => index.config.unique)
    .map((index) => {
      const indexName = index.config.name ?? '';
      const where = index.config.where ? partialIndexPredicates[indexName] : undefined;
      if (index.config.where && !where) throw new Error(`in-memory store: no predicate for ${indexName}`);
      const keys = index.config.columns.map((column) => key((column as { name: string }).name));
      return { name: indexName, keys, where };
    });
  for (const constraint of config.uniqueConstraints) {
    uniques.push({
      name: constraint.getName() ?? `${config.name}_unique`,
      keys: constraint.columns.map((c) => key(c.name)),
      where: undefined,
    });
  }
  const foreignKeys = config.foreignKeys.map((fk) => {
    const reference = fk.reference();
    const [column] = reference.columns;
    const target = sqlToName.get(getTableConfig(reference.foreignTable).name);
    if (!column || reference.columns.length !== 1 || !target) {
      throw new Error(`in-memory store: unsupported foreign key ${fk.getName()}`);
    }
    return { name: fk.getName(), key: key(column.name), target };
  });
  return { name, sqlName: config.name, primaryKey: key(primary.name), columns, uniques, foreignKeys };
}

export const tableMeta = Object.fromEntries(
  (Object.entries(tables) as [TableName, PgTable][]).map(([name, table]) => [name, describe(name, table)]),
) as Record<TableName, TableMeta>;

export const tableNames = Object.keys(tables) as TableName[];

/** Foreign keys pointing at each table, for delete checks. */
export const referencedBy = Object.fromEntries(
  tableNames.map((name) => [
    name,
    tableNames.flatMap((from) =>
      tableMeta[from].foreignKeys.filter((fk) => fk.target === name).map((fk) => ({ from, fk })),
    ),
  ]),
) as Record<TableName, { from: TableName; fk: ForeignKeyMeta }[]>;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuid(value: unknown, where: string): string {
  if (typeof value !== 'string' || !uuidPattern.test(value)) {
    throw databaseError('22P02', `invalid input syntax for type uuid: "${String(value)}" (${where})`);
  }
  return value.toLowerCase();
}

/**
 * Copies a value into the store the way Postgres would store it: uuids checked and lower-cased, jsonb through
 * JSON, Buffers and Dates copied, NOT NULL and defaults applied.
 */
export function toStored(meta: TableMeta, input: Row): Row {
  const row: Row = {};
  for (const column of meta.columns) {
    let value = input[column.key];
    if (value === undefined && column.defaultValue) value = column.defaultValue();
    const where = `${meta.sqlName}.${column.sqlName}`;
    if (value === undefined || value === null) {
      if (column.notNull && column.kind !== 'serial') {
        throw databaseError('23502', `null value in column "${column.sqlName}" violates not-null constraint`);
      }
      row[column.key] = null;
      continue;
    }
    row[column.key] = storeValue(column.kind, value, where);
  }
  return row;
}

function storeValue(kind: Kind, value: unknown, where: string): unknown {
  switch (kind) {
    case 'uuid':
      return uuid(value, where);
    case 'uuid[]':
      return (value as unknown[]).map((item) => uuid(item, where));
    case 'integer':
    case 'serial':
      if (!Number.isInteger(value))
        throw databaseError('22P02', `invalid input syntax for type integer (${where})`);
      return value;
    case 'timestamp':
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
        throw databaseError('22007', `invalid input syntax for type timestamp (${where})`);
      }
      return new Date(value.getTime());
    case 'jsonb':
      return JSON.parse(JSON.stringify(value));
    case 'bytea':
      return Buffer.from(value as Uint8Array);
    default:
      return value;
  }
}

/** Copies a stored row out, so callers never share the store's objects. */
export function fromStored(meta: TableMeta, row: Row): Row {
  const out: Row = {};
  for (const column of meta.columns) {
    const value = row[column.key];
    if (value === null || value === undefined) out[column.key] = null;
    else if (column.kind === 'timestamp') out[column.key] = new Date((value as Date).getTime());
    else if (column.kind === 'bytea') out[column.key] = Buffer.from(value as Buffer);
    else if (column.kind === 'jsonb') out[column.key] = structuredClone(value);
    else if (column.kind === 'uuid[]') out[column.key] = [...(value as string[])];
    else out[column.key] = value;
  }
  return out;
}
