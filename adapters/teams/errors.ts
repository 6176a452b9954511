import { InputError } from '../../src/errors.js';
import { describeError as errorWordsOf, leadCharacters } from '../../src/messages/error-words.js';
import { phraseText } from './render/card-text.js';

/** The core's readable-input error, under the name the Teams adapter's files use. */
export { InputError as TeamsInputError };

export interface ReadableError {
  message: string;
  hint?: string | undefined;
}

/**
 * The words a person reads for an error, or undefined when the error is not one Triad expects (the turn then
 * fails to the adapter's error handler). The words are the core's (src/messages/error-words.ts); Teams adds the
 * lead as a character and writes command hints in its own words.
 */
export function describeError(error: unknown): ReadableError | undefined {
  const words = errorWordsOf(error);
  if (!words) return undefined;
  const message = `${leadCharacters[words.lead]} ${words.message}`;
  return words.hint === undefined ? { message } : { message, hint: phraseText(words.hint) };
}
