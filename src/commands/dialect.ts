/**
 * How one platform spells commands: how people are named (`<@U…>` on Slack, `<at>` mentions or emails on Teams,
 * `@handle` locally), how words split, how command text is shown back. The grammar, the refusals, the limits
 * and the dispatch are the same for every platform; a dialect adds only this.
 *
 * `P` is the platform's person reference as typed; `resolvePerson` turns it into the platform user id the core
 * works with (Teams looks emails and Entra ids up in its directory, so it is async).
 */
export interface CommandDialect<P> {
  /** What comes before a subcommand when it is written out: `/coaching ` on Slack and locally, nothing on Teams. */
  readonly prefix: string;
  /** The platform's line on how to name people in a command, shown in help. */
  readonly naming?: string;
  /** Shows a piece of command text back to the reader (`code` on Slack, “quoted” on Teams, plain locally). */
  quote(text: string): string;
  /** Splits the text into words, keeping a platform's person token whole. */
  words(text: string): string[];
  /** Whether a word is meant as a person (rather than an engagement id) where either may stand. */
  looksLikePerson(token: string): boolean;
  /** Reads a non-empty word that should name a person; throws a CommandInputError saying why it does not. */
  readPerson(token: string, role: string): P;
  /** Identity of a person reference, to refuse the same person named twice. */
  key(person: P): string;
  /**
   * The platform user id of a person the command named. `check: 'reachable'` for someone the command makes a
   * participant (the platform checks Triad can reach them); `'id'` when the person only names an engagement.
   */
  resolvePerson(person: P, role: string, check: 'reachable' | 'id'): Promise<string>;
}

/** How a platform writes commands, without reading any: enough for help and hints. */
export type CommandSpelling = Pick<CommandDialect<unknown>, 'prefix' | 'quote' | 'naming'>;

/** Command text shown back inside a refusal, cut to a readable length. */
export const shown = (dialect: CommandSpelling, token: string) =>
  dialect.quote(token.length > 40 ? `${token.slice(0, 37)}…` : token);

/** A command written out in full, as the reader would type it: `/coaching list` on Slack, “list” on Teams. */
export const written = (dialect: CommandSpelling, command: string) =>
  dialect.quote(`${dialect.prefix}${command}`);
