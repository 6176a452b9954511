import { isTeamsAddress } from '../teams-address.js';
import type { Turn } from '../turn/turn.js';

const isZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/**
 * Keeps what Teams tells Triad about a person it knows up to date, before their request runs:
 * - their time zone (Teams reports only the sender's, with each activity), so times are shown in it;
 * - their 1:1 chat with Triad (from an activity they sent in it), so proactive messages reach them there with
 *   the service URL Teams gave. Kept in Postgres, never in memory; written only when something changed.
 */
export async function rememberSender(turn: Turn): Promise<void> {
  const repos = turn.core.uow.read;
  const organisation = await repos.organisations.findByTenant('teams', turn.actor.tenantId);
  const person =
    organisation && (await repos.people.findByPlatformUser(organisation.id, turn.actor.platformUserId));
  if (!person) return;
  const zone = turn.timeZone && isZone(turn.timeZone) ? turn.timeZone : undefined;
  if (zone && zone !== person.timeZone) {
    await turn.core.uow.transaction((tx) =>
      tx.people.upsert({ ...person, timeZone: zone, updatedAt: turn.core.clock.now() }),
    );
  }
  if (!turn.personal) return;
  const stored = person.directAddress;
  if (
    isTeamsAddress(stored) &&
    stored.conversationId === turn.address.conversationId &&
    stored.serviceUrl === turn.address.serviceUrl
  ) {
    return;
  }
  await turn.core.uow.transaction((tx) => tx.people.setDirectAddress(person.id, turn.address));
}
