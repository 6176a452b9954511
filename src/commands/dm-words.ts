import { hrCommands } from './hr-commands.js';

/**
 * The words a client (or anyone) types to Triad in a direct message, besides answers: `help` for the sender's
 * roles, the client's `goals`, `goal` and `export`, and a coach's `profile` and `notes` (their private session
 * notes). The same on every platform.
 */
export const dmWords = ['help', 'goals', 'goal', 'export', 'profile', 'notes'] as const;
export type DmWord = (typeof dmWords)[number];

/** The DM word `text` is, if the whole text is one (any case). */
export function dmWordOf(text: string): DmWord | undefined {
  const word = text.trim().toLowerCase();
  return (dmWords as readonly string[]).includes(word) ? (word as DmWord) : undefined;
}

/** The names of HR's commands, in the grammar table's order. */
export const hrCommandNames: readonly string[] = hrCommands.map((spec) => spec.name);

/** Whether a word (the first of a message) names an HR command of the grammar table. */
export function isHrCommandWord(word: string | undefined): boolean {
  return word !== undefined && hrCommandNames.includes(word.toLowerCase());
}
