import { z } from 'zod';
import { type ErrorCode, isTriadError } from '../errors.js';
import { command, type Phrase, phrase } from './command-hint.js';

/**
 * The symbol an error's words start with, by name. Slack writes it as its emoji code (`:hourglass:`), Teams and
 * the local terminal as the character (`leadCharacters`).
 */
export type Lead =
  | 'warning'
  | 'no_entry'
  | 'mag'
  | 'bust_in_silhouette'
  | 'busts_in_silhouette'
  | 'robot_face'
  | 'information_source'
  | 'calendar'
  | 'straight_ruler'
  | 'arrows_counterclockwise'
  | 'lock'
  | 'hourglass';

export const leadCharacters: Record<Lead, string> = {
  warning: '⚠️',
  no_entry: '⛔',
  mag: '🔍',
  bust_in_silhouette: '👤',
  busts_in_silhouette: '👥',
  robot_face: '🤖',
  information_source: 'ℹ️',
  calendar: '📅',
  straight_ruler: '📏',
  arrows_counterclockwise: '🔄',
  lock: '🔒',
  hourglass: '⏳',
};

/** Each error code's words, once for every platform: its lead and the hint shown when the error has none. */
export const errorWords: Record<ErrorCode, { readonly lead: Lead; readonly hint?: Phrase }> = {
  validation_failed: { lead: 'warning' },
  not_authorised: { lead: 'no_entry' },
  not_found: { lead: 'mag' },
  unknown_user: { lead: 'bust_in_silhouette' },
  bot_user: { lead: 'robot_face' },
  guest_restricted: { lead: 'bust_in_silhouette' },
  same_person_twice: { lead: 'busts_in_silhouette' },
  already_active: { lead: 'information_source' },
  illegal_transition: { lead: 'information_source' },
  date_in_past: { lead: 'calendar' },
  date_in_gap: { lead: 'calendar' },
  text_too_long: { lead: 'straight_ruler' },
  stale_preview: { lead: 'arrows_counterclockwise' },
  confidentiality_violation: { lead: 'lock' },
  conflict: { lead: 'arrows_counterclockwise', hint: 'Someone changed this at the same time. Try again.' },
  unavailable: { lead: 'hourglass' },
};

/** The platform-neutral words of an error: a platform adds only its markup. None holds private text. */
export interface ErrorWords {
  readonly code: ErrorCode;
  readonly lead: Lead;
  readonly message: string;
  readonly hint?: Phrase;
}

/** What a person reads when something unexpected failed: their change ran in one transaction, rolled back. */
export const somethingWentWrong: ErrorWords = {
  code: 'validation_failed',
  lead: 'warning',
  message: 'Something went wrong, so nothing was saved. Please try again.',
};

/**
 * The words for an error, or undefined when it is not one Triad expects (the adapter rethrows it to the
 * platform's error handler). A zod error that reached an adapter is a request it could not read.
 */
export function describeError(error: unknown): ErrorWords | undefined {
  if (isTriadError(error)) {
    const { lead, hint } = errorWords[error.code];
    const shown = error.hint ?? hint;
    return {
      code: error.code,
      lead,
      message: error.message,
      ...(shown === undefined ? {} : { hint: shown }),
    };
  }
  if (error instanceof z.ZodError) {
    return {
      code: 'validation_failed',
      lead: errorWords.validation_failed.lead,
      message: error.issues[0]?.message ?? 'That input was not valid.',
      hint: phrase`Try ${command('help')}.`,
    };
  }
  return undefined;
}
