import { InputError } from '../errors.js';
import type { Phrase } from '../messages/command-hint.js';

/**
 * A command Triad cannot read: the message says what is wrong, `hint` how to write it instead, `field` which
 * option it is about (so a form can show it beside the right field). Thrown by the grammar before anything is
 * looked up or changed; it is the core's readable-input error, so every platform shows it through the one
 * table of error words in its own markup.
 */
export class CommandInputError extends InputError {
  constructor(
    readable: string,
    hint?: Phrase,
    readonly field?: string,
  ) {
    super(readable, hint);
    this.name = 'CommandInputError';
  }
}
