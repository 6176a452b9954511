import type { View } from './store.js';

/** How a repository reaches the rows: inside one transaction, or statement by statement (autocommit). */
export interface Access {
  read<T>(statement: (view: View) => T): Promise<T>;
  write<T>(statement: (view: View) => T): Promise<T>;
}

/** Orders rows by the given fields, ascending, like `ORDER BY a, b, …` on non-null columns. */
export function byFields<T>(...fields: (keyof T)[]): (a: T, b: T) => number {
  return (a, b) => {
    for (const field of fields) {
      const x = a[field];
      const y = b[field];
      const left = x instanceof Date ? x.getTime() : x;
      const right = y instanceof Date ? y.getTime() : y;
      if (left === right) continue;
      return (left as number | string) < (right as number | string) ? -1 : 1;
    }
    return 0;
  };
}

/** Postgres compares uuids case-insensitively; stored ones are lower case. */
export const uuidArg = (value: string) => value.toLowerCase();
export const uuidArgOrNull = (value: string | null) => (value === null ? null : value.toLowerCase());
