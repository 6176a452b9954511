/**
 * Domain errors with stable codes. Adapters map codes to the words a person reads; the message here is
 * already readable and never contains private text.
 */
export const errorCodes = [
  'validation_failed',
  'not_authorised',
  'not_found',
  'unknown_user',
  'bot_user',
  'same_person_twice',
  'already_active',
  'illegal_transition',
  'date_in_past',
  'date_in_gap',
  'text_too_long',
  'stale_preview',
  'confidentiality_violation',
  'conflict',
  'unavailable',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export class TriadError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'TriadError';
  }
}

export const isTriadError = (error: unknown): error is TriadError => error instanceof TriadError;

/** Raised when Postgres or Redis is down: nothing was saved. */
export class UnavailableError extends TriadError {
  constructor(override readonly cause?: unknown) {
    super(
      'unavailable',
      'Nothing was saved: Triad could not reach its database. Please try again in a minute.',
    );
  }
}

/**
 * Raised when a stored ciphertext does not open for the row it was read from: it was altered, copied from another
 * row, or sealed with a key Triad no longer has. Treated as tampering: nothing of it is shown, the refusal is
 * audited (table and row id, no content).
 */
export class SealedTextRefused extends TriadError {
  constructor(readonly context: { table: string; rowId: string; engagementId: string | null }) {
    super(
      'confidentiality_violation',
      'Triad refused to show this because its stored text does not belong where it was found.',
      'Nothing was shown. Tell your Triad administrator; the refusal is recorded.',
    );
    this.name = 'SealedTextRefused';
  }
}
