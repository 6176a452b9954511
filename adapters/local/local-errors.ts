import { InputError } from '../../src/errors.js';
import { describeError, leadCharacters } from '../../src/messages/error-words.js';
import { phraseText } from './render-text.js';

/** The core's readable-input error, under the name the local adapter's files use. */
export { InputError as LocalInputError };

/**
 * The words a person reads for an error, or undefined for an error nobody expected (the caller rethrows it).
 * The words are the core's (src/messages/error-words.ts), shown as plain terminal text.
 */
export function describeLocalError(error: unknown): string | undefined {
  const words = describeError(error);
  if (!words) return undefined;
  const hint = words.hint === undefined ? '' : `\n  ${phraseText(words.hint)}`;
  return `${leadCharacters[words.lead]} ${phraseText(words.message)}${hint}`;
}
