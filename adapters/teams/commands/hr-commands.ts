import { type SubCommand, subCommands } from '../../shared/commands/coaching-grammar.js';

/**
 * The commands Teams lists for Triad in a personal chat (the manifest's `commandLists`); the manifest test
 * checks the manifest against this list. In group chats and teams only `help` is listed.
 */
export const HR_COMMANDS: readonly SubCommand[] = subCommands;

/** Whether the first word of a message names an HR command. */
export function isHrCommandWord(word: string | undefined): boolean {
  return word !== undefined && (HR_COMMANDS as readonly string[]).includes(word.toLowerCase());
}
