import { z } from 'zod';
import { type LogisticsPart, logistics } from '../confidentiality/parts.js';

/**
 * What the core tells a person to type, without writing any platform's command text: each platform renders a
 * hint in its own words (on Slack and in the local demo after the slash command, on Teams as “resume 1a2b3c4d”
 * typed in the chat with Triad). HR's commands are the grammar's sub-commands; client words are typed in the
 * client's DM with Triad, never after a slash command.
 */
export const hrCommands = [
  'start',
  'list',
  'status',
  'pause',
  'resume',
  'end',
  'reassign',
  'help',
  'admins',
  'settings',
] as const;
export const clientWords = ['goals', 'export'] as const;

export type HrCommand = (typeof hrCommands)[number];
export type ClientWord = (typeof clientWords)[number];

/** An engagement as hints name it: its 8-character short id (what Triad prints) or its full id. */
const engagementRef = z
  .string()
  .regex(/^[0-9a-f]{8}(?:-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$/i);

/**
 * A command hint. It is also a part of a message (kind `command`): bot-composed, allowed for every audience, and
 * checked by the outbound gate against this schema, so it can carry nothing but a command name and an id.
 */
export const commandHintSchema = z.strictObject({
  kind: z.literal('command'),
  command: z.enum([...hrCommands, ...clientWords]),
  engagement: engagementRef.optional(),
});
export type CommandHint = z.infer<typeof commandHintSchema>;

export const isClientWord = (command: CommandHint['command']): command is ClientWord =>
  (clientWords as readonly string[]).includes(command);

/** A hint to type `command`, for the engagement with (short) id `engagement` when the command needs one. */
export const command = (name: CommandHint['command'], engagement?: string): CommandHint =>
  engagement === undefined
    ? { kind: 'command', command: name }
    : { kind: 'command', command: name, engagement };

/** Bot-composed words that may name commands: text and hints, read in order with nothing between them. */
export type Phrase = string | readonly (string | CommandHint)[];

/** A phrase from a template: `` phrase`Resume it with ${command('resume', id)}.` `` */
export function phrase(strings: TemplateStringsArray, ...hints: readonly CommandHint[]): Phrase {
  const pieces: (string | CommandHint)[] = [];
  strings.forEach((text, index) => {
    if (text !== '') pieces.push(text);
    const hint = hints[index];
    if (hint) pieces.push(hint);
  });
  return pieces;
}

const piecesOf = (words: Phrase): readonly (string | CommandHint)[] =>
  typeof words === 'string' ? [words] : words;

/** A phrase as message parts: its text as logistics parts, its hints as command parts. */
export const phraseParts = (words: Phrase): (LogisticsPart | CommandHint)[] =>
  piecesOf(words).map((piece) => (typeof piece === 'string' ? logistics(piece) : piece));

/**
 * How a platform writes a phrase: its text (escaped as its markup needs), HR's commands and a client's words, each
 * given as the words typed after the command name's place (`resume 1a2b3c4d`, `goals`).
 */
export interface PhraseDialect {
  text(text: string): string;
  hrCommand(typed: string): string;
  clientWord(typed: string): string;
}

/** The words typed for a hint: the command name, then the engagement's id when the hint names one. */
export const commandText = (hint: CommandHint): string =>
  hint.engagement === undefined ? hint.command : `${hint.command} ${hint.engagement}`;

export const renderHint = (hint: CommandHint, dialect: PhraseDialect): string =>
  isClientWord(hint.command) ? dialect.clientWord(commandText(hint)) : dialect.hrCommand(commandText(hint));

export const renderPhrase = (words: Phrase, dialect: PhraseDialect): string =>
  piecesOf(words)
    .map((piece) => (typeof piece === 'string' ? dialect.text(piece) : renderHint(piece, dialect)))
    .join('');
