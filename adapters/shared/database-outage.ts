/**
 * A connection failure from the database driver that reached an adapter without being wrapped in the core's
 * UnavailableError: the person is told nothing was saved, as for that error.
 */
export function isDatabaseOutage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', '57P01'].includes(
      code,
    )
  );
}
