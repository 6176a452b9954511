import { z } from 'zod';
import { CommandInputError } from '../../src/commands/command-input-error.js';
import { type ErrorCode, isTriadError, UnavailableError } from '../../src/errors.js';
import { isDatabaseOutage } from '../shared/database-outage.js';

/** A request the Teams adapter itself refuses (a card action it cannot read, a person it cannot find). */
export class TeamsInputError extends Error {
  readonly code = 'teams_input_invalid';
  constructor(
    readonly readable: string,
    readonly hint?: string,
  ) {
    super(readable);
    this.name = 'TeamsInputError';
  }
}

export const NOTHING_SAVED =
  'Nothing was saved: Triad could not reach its database. Please try again in a minute.';

const leads: Partial<Record<ErrorCode, string>> = {
  not_authorised: '⛔',
  confidentiality_violation: '🔒',
  unavailable: '⏳',
};

export interface ReadableError {
  message: string;
  hint?: string | undefined;
}

/**
 * The words a person reads for an error, or undefined when the error is not one Triad expects (the turn then
 * fails to the adapter's error handler). Messages are the core's readable ones; none holds private text.
 */
export function describeError(error: unknown): ReadableError | undefined {
  if (error instanceof UnavailableError) return { message: `${leads.unavailable} ${NOTHING_SAVED}` };
  if (isTriadError(error)) {
    const lead = leads[error.code];
    const hint =
      error.hint ??
      (error.code === 'conflict' ? 'Someone changed this at the same time. Try again.' : undefined);
    return { message: lead ? `${lead} ${error.message}` : error.message, hint };
  }
  if (error instanceof CommandInputError || error instanceof TeamsInputError) {
    return { message: error.readable, hint: error.hint };
  }
  if (error instanceof z.ZodError) {
    return {
      message: error.issues[0]?.message ?? 'That input was not valid.',
      hint: 'Type help to see what works.',
    };
  }
  if (isDatabaseOutage(error)) return { message: `${leads.unavailable} ${NOTHING_SAVED}` };
  return undefined;
}
