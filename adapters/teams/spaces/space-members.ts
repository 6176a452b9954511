import type { Engagement, Person } from '../../../src/engagement/records.js';
import type { SpaceKind } from '../../../src/messages/message.js';
import type { Repositories } from '../../../src/ports/repositories.js';
import { memberIdsOf } from '../../../src/spaces/group-spaces.js';

/** The people who belong in an engagement's space, as stored now. */
export async function expectedMembers(
  repos: Repositories,
  engagementId: string,
  kind: SpaceKind,
): Promise<{ engagement: Engagement; people: Person[] } | undefined> {
  const engagement = await repos.engagements.get(engagementId);
  if (!engagement) return undefined;
  return { engagement, people: await repos.people.getMany(memberIdsOf(engagement, kind)) };
}

export interface RosterMember {
  id: string;
  name?: string;
  aadObjectId?: string;
}

/** Bots (`28:` ids) do not count as readers of a chat. */
export const humans = (roster: readonly RosterMember[]) => roster.filter((m) => !m.id.startsWith('28:'));

/**
 * Who is in the chat and should not be, and who should be but is not. A person Teams has not named to Triad yet
 * is known by their Entra object id, which the roster gives beside the Teams id.
 */
export function compareRoster(roster: readonly RosterMember[], expected: readonly Person[]) {
  const named = (m: RosterMember, p: Person) =>
    m.id === p.platformUserId || m.aadObjectId?.toLowerCase() === p.platformUserId.toLowerCase();
  const members = humans(roster);
  return {
    extra: members.filter((m) => !expected.some((p) => named(m, p))),
    missing: expected.filter((p) => !members.some((m) => named(m, p))),
  };
}
