/**
 * What the in-memory store throws where Postgres would raise an error: the same SQLSTATE `code` and, for
 * constraint violations, the same `constraint` name (PGlite's field; postgres.js calls it `constraint_name`).
 */
export class InMemoryDatabaseError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly constraint?: string,
  ) {
    super(message);
    this.name = 'InMemoryDatabaseError';
  }
}

export const databaseError = (code: string, message: string, constraint?: string) =>
  new InMemoryDatabaseError(code, message, constraint);

export const uniqueViolation = (constraint: string) =>
  databaseError('23505', `duplicate key value violates unique constraint "${constraint}"`, constraint);

export const foreignKeyViolation = (constraint: string) =>
  databaseError(
    '23503',
    `insert, update or delete violates foreign key constraint "${constraint}"`,
    constraint,
  );
