import { readsAsCommand } from '../../../src/commands/parse-command.js';
import { runCommand } from '../../../src/commands/run-command.js';
import { gateForTeams } from '../teams-gate.js';
import type { Reply } from '../turn/respond.js';
import type { Turn } from '../turn/turn.js';
import { startForm } from './start-form.js';
import { teamsDialect } from './teams-dialect.js';
import { readTeamsText } from './teams-text.js';

/** The Teams dialect for the people of this turn: its message's mentions, its directory and its chat's roster. */
export const turnDialect = (turn: Turn, mentions = readTeamsText(turn.context.activity).mentions) =>
  teamsDialect({
    mentions,
    directory: turn.directory,
    roster: () => turn.deps.connector.roster(turn.address),
  });

/** Whether this turn's message reads as a complete HR command in the Teams dialect. */
export function readsAsTeamsCommand(turn: Turn): boolean {
  const { text, mentions } = readTeamsText(turn.context.activity);
  return readsAsCommand(text, turnDialect(turn, mentions));
}

/**
 * An HR command typed in a 1:1 chat (Triad's own mention dropped), through the one dispatcher: `start` alone
 * answers with Teams' start form, everything else with its use case's gated reply.
 */
export async function runTeamsCommand(turn: Turn): Promise<Reply> {
  const { text, mentions } = readTeamsText(turn.context.activity);
  const outcome = await runCommand(text, turn.actor, turn.core, turnDialect(turn, mentions));
  if ('form' in outcome)
    return gateForTeams(startForm(turn.actor.platformUserId, turn.core.settings), turn.core, false);
  return outcome.reply;
}
