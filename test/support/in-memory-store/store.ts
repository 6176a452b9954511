import { AsyncLocalStorage } from 'node:async_hooks';
import {
  databaseError,
  foreignKeyViolation,
  InMemoryDatabaseError,
  uniqueViolation,
} from './database-error.js';
import {
  fromStored,
  type Row,
  referencedBy,
  type TableName,
  tableMeta,
  tableNames,
  toStored,
} from './tables.js';

type Tables = Record<TableName, Map<string, Row>>;
const deleted = Symbol('deleted');
type Change = Row | typeof deleted;

/** Rows are keyed by their primary key as stored: uuids lower-cased, text as is. */
const uuidKeyed = new Set(
  tableNames.filter((name) => {
    const meta = tableMeta[name];
    return meta.columns.find((column) => column.key === meta.primaryKey)?.kind === 'uuid';
  }),
);
const normalKey = (name: TableName, key: string) => (uuidKeyed.has(name) ? key.toLowerCase() : key);
const serialKeyed = new Set(
  tableNames.filter((name) => {
    const meta = tableMeta[name];
    return meta.columns.find((column) => column.key === meta.primaryKey)?.kind === 'serial';
  }),
);

/** The transaction the current async call chain runs in; one for all stores (each instance slows every await). */
const current = new AsyncLocalStorage<View>();

/** Committed rows and a queue that runs transactions one at a time. */
export class Store {
  readonly committed: Tables = Object.fromEntries(tableNames.map((name) => [name, new Map()])) as Tables;
  /** Like a Postgres sequence: not rolled back. */
  private serial = 0;
  private queue: Promise<unknown> = Promise.resolve();

  nextSerial(): number {
    this.serial += 1;
    return this.serial;
  }

  /** Runs `work` on a private view; commits it if `work` resolves, drops it if it throws. */
  transaction<T>(work: (view: View) => Promise<T>): Promise<T> {
    if (this.activeView()) {
      return Promise.reject(
        new Error(
          'in-memory store: transaction started inside a transaction; it would wait for itself forever',
        ),
      );
    }
    const run = async () => {
      const view = new View(this);
      try {
        const result = await current.run(view, () => work(view));
        view.commit();
        return result;
      } finally {
        view.close();
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** A single statement outside any transaction (autocommit). */
  autocommit<T>(statement: (view: View) => T): Promise<T> {
    if (this.activeView()) {
      return Promise.reject(
        new Error(
          'in-memory store: a write through `uow.read` inside a transaction; use the transaction’s repositories',
        ),
      );
    }
    return this.transaction(async (view) => statement(view));
  }

  private activeView(): View | undefined {
    const view = current.getStore();
    return view && view.store === this && !view.closed ? view : undefined;
  }
}

/**
 * What one transaction sees: the committed rows overlaid with its own changes, which reach the committed rows
 * only at commit. After a database error the transaction is aborted, as in Postgres, and commits nothing.
 */
export class View {
  private readonly changes = new Map<TableName, Map<string, Change>>();
  closed = false;
  aborted: InMemoryDatabaseError | undefined;

  constructor(readonly store: Store) {}

  /** Copies of the rows matching `where`, in `order`. */
  select<T>(name: TableName, where: (row: T) => boolean, order?: (a: T, b: T) => number): T[] {
    this.check();
    const found: Row[] = [];
    this.each(name, (_key, row) => {
      if (where(row as T)) found.push(row);
    });
    if (order) found.sort(order as (a: Row, b: Row) => number);
    return found.map((row) => fromStored(tableMeta[name], row) as T);
  }

  get<T>(name: TableName, key: string): T | undefined {
    this.check();
    const row = this.lookup(name, normalKey(name, key));
    return row ? (fromStored(tableMeta[name], row) as T) : undefined;
  }

  has(name: TableName, key: string): boolean {
    this.check();
    return this.lookup(name, normalKey(name, key)) !== undefined;
  }

  insert(name: TableName, input: object): Row {
    return this.guard(() => {
      const meta = tableMeta[name];
      const row = toStored(meta, input as Row);
      if (serialKeyed.has(name) && row[meta.primaryKey] === null)
        row[meta.primaryKey] = this.store.nextSerial();
      const key = String(row[meta.primaryKey]);
      if (this.lookup(name, key)) throw uniqueViolation(`${meta.sqlName}_pkey`);
      this.checkConstraints(name, row, undefined);
      this.change(name, key, row);
      return fromStored(meta, row);
    });
  }

  /** Replaces the row with the same primary key; false when there is none. */
  replace(name: TableName, input: object): boolean {
    return this.guard(() => {
      const meta = tableMeta[name];
      const row = toStored(meta, input as Row);
      const key = String(row[meta.primaryKey]);
      if (!this.lookup(name, key)) return false;
      this.checkConstraints(name, row, key);
      this.change(name, key, row);
      return true;
    });
  }

  delete(name: TableName, keys: readonly string[]): number {
    return this.guard(() => {
      const doomed = new Set(keys);
      for (const { from, fk } of referencedBy[name]) {
        this.each(from, (_key, other) => {
          if (doomed.has(other[fk.key] as string)) throw foreignKeyViolation(fk.name);
        });
      }
      for (const key of doomed) this.change(name, key, deleted);
      return doomed.size;
    });
  }

  commit(): void {
    if (this.aborted) throw this.aborted;
    for (const [name, changes] of this.changes) {
      const table = this.store.committed[name];
      for (const [key, change] of changes) {
        if (change === deleted) table.delete(key);
        else table.set(key, change);
      }
    }
  }

  close(): void {
    this.closed = true;
  }

  private lookup(name: TableName, key: string): Row | undefined {
    const change = this.changes.get(name)?.get(key);
    if (change === deleted) return undefined;
    return change ?? this.store.committed[name].get(key);
  }

  private each(name: TableName, visit: (key: string, row: Row) => void): void {
    const changes = this.changes.get(name);
    for (const [key, row] of this.store.committed[name]) if (!changes?.has(key)) visit(key, row);
    if (changes) for (const [key, change] of changes) if (change !== deleted) visit(key, change);
  }

  private change(name: TableName, key: string, change: Change): void {
    let changes = this.changes.get(name);
    if (!changes) {
      changes = new Map();
      this.changes.set(name, changes);
    }
    changes.set(key, change);
  }

  private checkConstraints(name: TableName, row: Row, self: string | undefined): void {
    const meta = tableMeta[name];
    for (const unique of meta.uniques) {
      if (unique.where && !unique.where(row)) continue;
      if (unique.keys.some((key) => row[key] === null)) continue; // NULLs are distinct
      this.each(name, (key, other) => {
        if (key === self || (unique.where && !unique.where(other))) return;
        if (unique.keys.every((k) => other[k] === row[k])) throw uniqueViolation(unique.name);
      });
    }
    for (const fk of meta.foreignKeys) {
      const value = row[fk.key];
      if (value !== null && !this.lookup(fk.target, String(value))) throw foreignKeyViolation(fk.name);
    }
  }

  private check(): void {
    if (this.closed)
      throw new Error('in-memory store: this transaction has ended; its repositories are closed');
    if (this.aborted) {
      throw databaseError(
        '25P02',
        'current transaction is aborted, commands ignored until end of transaction block',
      );
    }
  }

  private guard<T>(statement: () => T): T {
    this.check();
    try {
      return statement();
    } catch (error) {
      if (error instanceof InMemoryDatabaseError) this.aborted = error;
      throw error;
    }
  }
}
