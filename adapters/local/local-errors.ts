import { z } from 'zod';
import { isTriadError, UnavailableError } from '../../src/errors.js';

/** A request the local adapter itself cannot read (an unknown command, a button number nobody showed). */
export class LocalInputError extends Error {
  readonly code = 'local_input_invalid';
  constructor(
    readonly readable: string,
    readonly hint?: string,
  ) {
    super(readable);
    this.name = 'LocalInputError';
  }
}

/** Errors that carry readable words (the command grammar's CommandInputError). */
interface ReadableError {
  readonly readable: string;
  readonly hint?: string;
}

const isReadable = (error: unknown): error is ReadableError =>
  typeof (error as { readable?: unknown } | null)?.readable === 'string';

/** Slack's markup in shared parser messages (`code`), shown plainly in a terminal. */
const plain = (text: string) => text.replace(/`([^`]*)`/g, '$1');

/**
 * The words a person reads for an error, or undefined for an error nobody expected (the caller rethrows it).
 * The core's messages are already readable and never hold private text.
 */
export function describeLocalError(error: unknown): string | undefined {
  if (error instanceof UnavailableError) return `⏳ ${error.message}`;
  if (isTriadError(error)) return `⚠ ${error.message}${error.hint ? `\n  ${error.hint}` : ''}`;
  if (error instanceof LocalInputError || isReadable(error)) {
    return `⚠ ${plain(error.readable)}${error.hint ? `\n  ${plain(error.hint)}` : ''}`;
  }
  if (error instanceof z.ZodError) return `⚠ ${error.issues[0]?.message ?? 'That input was not valid.'}`;
  return undefined;
}
