import { InputError } from '../../src/errors.js';
import {
  type ErrorWords,
  describeError as errorWordsOf,
  somethingWentWrong,
} from '../../src/messages/error-words.js';
import { escapeMrkdwn, phraseToMrkdwn } from './render/text.js';

/** The core's readable-input error, under the name the Slack adapter's parsers use. */
export { InputError as SlackInputError };

/** Slack's markup for an error's words: the lead as an emoji code, the text escaped mrkdwn, commands in code. */
const mrkdwn = ({ lead, message, hint }: ErrorWords) =>
  `:${lead}: ${escapeMrkdwn(message)}${hint === undefined ? '' : `\n${phraseToMrkdwn(hint)}`}`;

/** What a person reads when something unexpected failed: their change ran in one transaction, rolled back. */
export const SOMETHING_WENT_WRONG = mrkdwn(somethingWentWrong);

/**
 * The words a person reads for an error, or undefined when the error is not one we expect (the listener
 * rethrows those to Bolt's error handler). The words are the core's (src/messages/error-words.ts).
 */
export function describeError(error: unknown): string | undefined {
  const words = errorWordsOf(error);
  return words && mrkdwn(words);
}
