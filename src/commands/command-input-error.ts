/**
 * A command Triad cannot read: `readable` says what is wrong, `hint` how to write it instead, `field` which
 * option it is about (so a form can show it beside the right field). Thrown by the grammar before anything is
 * looked up or changed; every platform shows it in its own markup.
 */
export class CommandInputError extends Error {
  readonly code = 'command_input_invalid';
  constructor(
    readonly readable: string,
    readonly hint?: string,
    readonly field?: string,
  ) {
    super(readable);
    this.name = 'CommandInputError';
  }
}
