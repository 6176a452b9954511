import { type SubCommand, subCommands } from '../../shared/commands/coaching-grammar.js';

/**
 * The commands Teams lists for Triad in a personal chat (the manifest's `commandLists`); the manifest test
 * checks the manifest against this list. In group chats and teams only `help` is listed.
 */
export const HR_COMMANDS: readonly SubCommand[] = subCommands;

/** Words a person types that are commands, not reflection answers, when typed alone in a 1:1 chat. */
export const CLIENT_WORDS = ['goals', 'goal', 'help'] as const;

/** Whether the first word of a message names an HR command. */
export function isHrCommandWord(word: string | undefined): boolean {
  return word !== undefined && (HR_COMMANDS as readonly string[]).includes(word.toLowerCase());
}
