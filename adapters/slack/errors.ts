import { z } from 'zod';
import { CommandInputError } from '../../src/commands/command-input-error.js';
import { type ErrorCode, isTriadError, UnavailableError } from '../../src/errors.js';
import { isDatabaseOutage } from '../shared/database-outage.js';
import { escapeMrkdwn } from './render/text.js';

/** A malformed request the adapter itself refuses (bad command text, a form value it cannot read). */
export class SlackInputError extends Error {
  readonly code = 'slack_input_invalid';
  constructor(
    readonly readable: string,
    readonly hint?: string,
  ) {
    super(readable);
    this.name = 'SlackInputError';
  }
}

const leads: Record<ErrorCode, string> = {
  validation_failed: ':warning:',
  not_authorised: ':no_entry:',
  not_found: ':mag:',
  unknown_user: ':bust_in_silhouette:',
  bot_user: ':robot_face:',
  same_person_twice: ':busts_in_silhouette:',
  already_active: ':information_source:',
  illegal_transition: ':information_source:',
  date_in_past: ':calendar:',
  date_in_gap: ':calendar:',
  text_too_long: ':straight_ruler:',
  stale_preview: ':arrows_counterclockwise:',
  confidentiality_violation: ':lock:',
  conflict: ':arrows_counterclockwise:',
  unavailable: ':hourglass:',
};

export const NOTHING_SAVED =
  'Nothing was saved: Triad could not reach its database. Please try again in a minute.';

/** What a person reads when something unexpected failed: their change ran in one transaction, rolled back. */
export const SOMETHING_WENT_WRONG = ':warning: Something went wrong, so nothing was saved. Please try again.';

const line = (lead: string, message: string, hint?: string) =>
  `${lead} ${escapeMrkdwn(message)}${hint ? `\n${escapeMrkdwn(hint)}` : ''}`;

/**
 * The words a person reads for an error, or undefined when the error is not one we expect (the listener
 * rethrows those to Bolt's error handler). Messages are the core's readable ones; none holds private text.
 */
export function describeError(error: unknown): string | undefined {
  if (error instanceof UnavailableError) return line(leads.unavailable, NOTHING_SAVED);
  if (isTriadError(error)) {
    if (error.code === 'conflict')
      return line(
        leads.conflict,
        error.message,
        error.hint ?? 'Someone changed this at the same time. Try again.',
      );
    return line(leads[error.code], error.message, error.hint);
  }
  if (error instanceof SlackInputError || error instanceof CommandInputError) {
    return line(':warning:', error.readable, error.hint);
  }
  if (error instanceof z.ZodError) {
    const first = error.issues[0];
    return line(':warning:', first?.message ?? 'That input was not valid.', 'Try `/coaching help`.');
  }
  if (isDatabaseOutage(error)) return line(leads.unavailable, NOTHING_SAVED);
  return undefined;
}
