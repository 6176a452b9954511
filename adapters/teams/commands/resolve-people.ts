import type { EngagementTarget } from '../../shared/commands/coaching-grammar.js';
import { TeamsInputError } from '../errors.js';
import type { Turn } from '../turn/turn.js';
import type { TeamsPersonRef } from './parse-teams-command.js';

const NOT_REACHABLE_HINT =
  'Triad must be installed for them in Teams: an admin can pre-install it for everyone in the programme.';

/**
 * A person an HR command named, as the Teams user id the core works with. Mentions carry the id; an Entra object
 * id is looked up in the user's 1:1 chat with Triad; an email or UPN is found among the members of the chat the
 * command came from (the Bot Connector has no directory search). Each is checked to be reachable by Triad.
 */
export async function resolvePerson(turn: Turn, ref: TeamsPersonRef, role: string): Promise<string> {
  if (ref.kind === 'email') {
    if (!turn.directory.byEmail(ref.address)) {
      turn.directory.addRoster(await turn.deps.connector.roster(turn.address));
    }
    const found = turn.directory.byEmail(ref.address);
    if (!found) {
      throw new TeamsInputError(
        `I can't find ${ref.address} (the ${role}) among the people I can see here.`,
        'Mention them instead: type @ and pick the person from the list Teams shows.',
      );
    }
    return found.id;
  }
  const userId = ref.kind === 'user' ? ref.id : ref.objectId;
  const account = await turn.directory.account(userId);
  if (!account?.id) {
    const who = ref.kind === 'user' && ref.name ? ref.name : `the ${role}`;
    throw new TeamsInputError(`Triad can't reach ${who} on Teams.`, NOT_REACHABLE_HINT);
  }
  return account.id;
}

/** Which engagement a command is about, as the core reads it: an id (or prefix), or the client's user id. */
export async function resolveTarget(turn: Turn, target: EngagementTarget<TeamsPersonRef>) {
  if (target.kind === 'engagement') return { kind: 'id' as const, id: target.id };
  const { person } = target;
  if (person.kind === 'user') return { kind: 'client' as const, platformUserId: person.id };
  return { kind: 'client' as const, platformUserId: await resolvePerson(turn, person, 'client') };
}
