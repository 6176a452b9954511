import { isLive } from '../../../src/engagement/lifecycle.js';
import type { Engagement, Person, Space } from '../../../src/engagement/records.js';
import type { Repositories } from '../../../src/ports/repositories.js';
import type { CoreDeps } from '../../../src/use-cases/deps.js';
import { isTeamsAddress, type TeamsAddress } from '../teams-address.js';
import { GROUP_SPACES, type GroupSpace, humans, memberIdsOf, type RosterMember } from './space-members.js';

export type LinkOutcome =
  | { kind: 'linked' | 'already_linked'; engagementId: string; space: GroupSpace }
  | { kind: 'taken'; engagementId: string; space: GroupSpace }
  | { kind: 'no_match' };

interface Candidate {
  engagement: Engagement;
  space: Space;
  kind: GroupSpace;
}

/** The people Triad knows among a chat's members; undefined when anyone in it is unknown to the organisation. */
async function knownPeople(repos: Repositories, organisationId: string, roster: readonly RosterMember[]) {
  const people: Person[] = [];
  for (const member of humans(roster)) {
    const person = await repos.people.findByPlatformUser(organisationId, member.id);
    if (!person) return undefined;
    people.push(person);
  }
  return people;
}

/** Live engagements whose sponsor or coaching space should have exactly these people. */
async function candidatesFor(repos: Repositories, people: readonly Person[]): Promise<Candidate[]> {
  const ids = new Set(people.map((p) => p.id));
  const engagements = new Map<string, Engagement>();
  for (const person of people) {
    for (const engagement of await repos.engagements.listForPerson(person.id)) {
      if (isLive(engagement.stage)) engagements.set(engagement.id, engagement);
    }
  }
  const found: Candidate[] = [];
  for (const engagement of engagements.values()) {
    for (const kind of GROUP_SPACES) {
      const wanted = memberIdsOf(engagement, kind);
      if (wanted.length !== ids.size || !wanted.every((id) => ids.has(id))) continue;
      const space = await repos.spaces.find(engagement.id, kind);
      if (space) found.push({ engagement, space, kind });
    }
  }
  return found;
}

/**
 * Links a group chat Triad was added to as an engagement's sponsor or coaching space — only when its members are
 * exactly the people of that space, so nobody reads a space they do not belong to. A space already linked to
 * another chat stays with it. After linking, the messages that waited for the space are handed to delivery.
 */
export async function linkGroupChat(
  deps: CoreDeps,
  chat: TeamsAddress,
  roster: readonly RosterMember[],
  actorId: string,
): Promise<LinkOutcome> {
  const organisation = await deps.uow.read.organisations.findByTenant('teams', chat.tenantId);
  if (!organisation) return { kind: 'no_match' };
  const outcome = await deps.uow.transaction(async (repos): Promise<LinkOutcome> => {
    const people = await knownPeople(repos, organisation.id, roster);
    const [candidate, ...others] = people && people.length > 1 ? await candidatesFor(repos, people) : [];
    if (!candidate || others.length > 0) return { kind: 'no_match' };
    const { engagement, space, kind } = candidate;
    if (isTeamsAddress(space.address)) {
      const same = space.address.conversationId === chat.conversationId;
      return { kind: same ? 'already_linked' : 'taken', engagementId: engagement.id, space: kind };
    }
    const address: TeamsAddress = {
      ...chat,
      conversationType: 'groupChat',
      engagementId: engagement.id,
      space: kind,
    };
    await repos.spaces.setAddress(space.id, address);
    const actor = people?.find((p) => p.platformUserId === actorId);
    await repos.audit.insert({
      engagementId: engagement.id,
      actorId: actor?.id ?? null,
      action: 'teams_space_linked',
      outcome: 'done',
      details: { space: kind, members: people?.length ?? 0 },
      createdAt: deps.clock.now(),
    });
    return { kind: 'linked', engagementId: engagement.id, space: kind };
  });
  if (outcome.kind === 'linked') {
    deps.logger.info({ engagementId: outcome.engagementId, space: outcome.space }, 'teams group chat linked');
    await resumeDelivery(deps, outcome.engagementId);
  }
  return outcome;
}

/** Hands an engagement's waiting messages to delivery again (a space was linked, a roster changed). */
export async function resumeDelivery(deps: CoreDeps, engagementId: string): Promise<void> {
  const pending = (await deps.uow.read.outbox.listByEngagement(engagementId)).filter(
    (e) => e.status === 'pending',
  );
  if (pending.length > 0) await deps.scheduler.deliver(pending.map((e) => e.id));
}

/** The engagement space linked to a chat, found through the spaces of the people in it. */
export async function linkedSpaceOf(
  deps: CoreDeps,
  chat: TeamsAddress,
  peopleIds: readonly string[],
): Promise<{ space: Space; engagementId: string } | undefined> {
  const repos = deps.uow.read;
  const organisation = await repos.organisations.findByTenant('teams', chat.tenantId);
  if (!organisation) return undefined;
  for (const platformUserId of peopleIds) {
    const person = await repos.people.findByPlatformUser(organisation.id, platformUserId);
    if (!person) continue;
    for (const engagement of await repos.engagements.listForPerson(person.id)) {
      for (const space of await repos.spaces.listByEngagement(engagement.id)) {
        // A retired space (a previous coach's) keeps its address as history only: Triad no longer acts on it.
        if (space.retiredAt) continue;
        if (isTeamsAddress(space.address) && space.address.conversationId === chat.conversationId) {
          return { space, engagementId: engagement.id };
        }
      }
    }
  }
  return undefined;
}
