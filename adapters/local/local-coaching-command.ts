import { CommandInputError } from '../../src/commands/command-input-error.js';
import { type CommandDialect, shown } from '../../src/commands/dialect.js';
import { usagesOf } from '../../src/commands/help.js';
import { hrCommands } from '../../src/commands/hr-commands.js';
import { runCommand } from '../../src/commands/run-command.js';
import type { Actor } from '../../src/use-cases/actor.js';
import type { DirectoryDeps } from '../../src/use-cases/deps.js';
import type { Answer } from './local-actions.js';
import { LocalInputError } from './local-errors.js';

const PREFIX = '/coaching ';

/** The HR commands for the terminal's help, generated from the grammar table. */
export const coachingHelp = [
  'HR commands:',
  ...hrCommands.filter((spec) => spec.name !== 'help').map((spec) => `  ${PREFIX}${usagesOf(spec)[0]}`),
].join('\n');

/**
 * The local spelling of the command grammar: people are `@handle`s (a display name or a user id) resolved by
 * the local platform, text is plain, commands are `/coaching …`.
 */
export function localDialect(resolveMention: (name: string) => string | undefined): CommandDialect<string> {
  const dialect: CommandDialect<string> = {
    prefix: PREFIX,
    quote: (text) => text,
    words: (text) => text.split(/\s+/).filter((word) => word !== ''),
    looksLikePerson: (token) => token.startsWith('@'),
    key: (userId) => userId,
    readPerson(token, role) {
      const userId = token.startsWith('@') ? resolveMention(token.slice(1)) : undefined;
      if (userId) return userId;
      throw new CommandInputError(
        `I couldn't read ${shown(dialect, token)} as a person for the ${role}.`,
        'Name people by their handle, e.g. @alex.',
      );
    },
    resolvePerson: async (userId) => userId,
  };
  return dialect;
}

/** Runs one `/coaching` command (the text after it) for `actor` through the one dispatcher. */
export async function runCoachingCommand(
  text: string,
  actor: Actor,
  deps: DirectoryDeps,
  resolveMention: (name: string) => string | undefined,
): Promise<Answer> {
  const outcome = await runCommand(text, actor, deps, localDialect(resolveMention));
  if ('form' in outcome) {
    throw new LocalInputError(
      'The local demo has no start form.',
      'Name everyone on one line: /coaching start client:@alex sponsor:@sam coach:@kim',
    );
  }
  return { reply: outcome.reply };
}
