import type { Phrase } from './messages/command-hint.js';

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
  'guest_restricted',
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
    /** How to fix it; may name commands, which each platform writes in its own words. */
    readonly hint?: Phrase,
  ) {
    super(message);
    this.name = 'TriadError';
  }
}

/**
 * A request Triad cannot read — command text, a form value, a button nobody showed — refused before any use case
 * runs, with words saying what was wrong and a hint how to write it. Every platform's parser raises this one.
 */
export class InputError extends TriadError {
  constructor(message: string, hint?: Phrase) {
    super('validation_failed', message, hint);
    this.name = 'InputError';
  }

  /** The readable words (the message), under the name the adapters' parsers used. */
  get readable(): string {
    return this.message;
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
