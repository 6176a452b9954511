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
