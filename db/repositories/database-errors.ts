/**
 * Reading driver errors the same way on postgres.js and PGlite, through drizzle's `DrizzleQueryError` wrapper
 * (`cause`) and Node's `AggregateError` for multi-address connects (`errors`).
 */
function* causes(error: unknown, depth = 0): Generator<Record<string, unknown>> {
  if (depth > 6 || typeof error !== 'object' || error === null) return;
  const record = error as Record<string, unknown>;
  yield record;
  yield* causes(record.cause, depth + 1);
  if (Array.isArray(record.errors)) for (const inner of record.errors) yield* causes(inner, depth + 1);
}

/** The SQLSTATE (e.g. '23505') or driver/system code (e.g. 'ECONNREFUSED') nearest to the surface. */
export function databaseErrorCode(error: unknown): string | undefined {
  for (const cause of causes(error)) if (typeof cause.code === 'string') return cause.code;
  return undefined;
}

/** The violated constraint's name (postgres.js: `constraint_name`; PGlite: `constraint`). */
export function violatedConstraint(error: unknown): string | undefined {
  for (const cause of causes(error)) {
    const name = cause.constraint_name ?? cause.constraint;
    if (typeof name === 'string') return name;
  }
  return undefined;
}

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  // postgres.js
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);
/** admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. */
const serverCodes = new Set(['57P01', '57P02', '57P03', '53300']);
const messages = [/terminating connection/i, /PGlite is clos(ed|ing)/, /connection (terminated|closed)/i];

/** The database could not be reached or dropped the connection: nothing of the transaction was saved. */
export function isConnectionFailure(error: unknown): boolean {
  for (const cause of causes(error)) {
    const code = cause.code;
    if (
      typeof code === 'string' &&
      (networkCodes.has(code) || serverCodes.has(code) || code.startsWith('08'))
    ) {
      return true;
    }
    const message = cause.message;
    if (typeof message === 'string' && messages.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}

/** serialization_failure and deadlock_detected: the transaction may simply be run again. */
export function isRetryable(error: unknown): boolean {
  const code = databaseErrorCode(error);
  return code === '40001' || code === '40P01';
}
