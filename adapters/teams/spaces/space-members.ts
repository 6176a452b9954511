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

/** Who is in the chat and should not be, and who should be but is not. */
export function compareRoster(roster: readonly RosterMember[], expected: readonly Person[]) {
  const wanted = new Set(expected.map((p) => p.platformUserId));
  const present = new Set(humans(roster).map((m) => m.id));
  return {
    extra: humans(roster).filter((m) => !wanted.has(m.id)),
    missing: expected.filter((p) => !present.has(p.platformUserId)),
  };
}
