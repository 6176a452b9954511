import { z } from 'zod';
import { isLive } from '../../engagement/lifecycle.js';
import type { Engagement, Person, Space } from '../../engagement/records.js';
import type { SpaceKind } from '../../messages/message.js';
import type { Repositories } from '../../ports/repositories.js';
import { GROUP_SPACES, type GroupSpace, memberIdsOf } from '../../spaces/group-spaces.js';
import type { CoreDeps } from '../deps.js';
import { parseInput } from '../shared/parse-input.js';
import { chatIdOf, findLinkedSpace, groupChatInput, resumeDelivery } from './group-chat.js';

export const linkGroupChatInput = groupChatInput.extend({
  /** Who added Triad or changed the members: recorded in the audit when they are one of the people. */
  actorPlatformUserId: z.string().min(1).max(255),
});
export type LinkGroupChatInput = z.input<typeof linkGroupChatInput>;

/**
 * - `linked`: the chat is now the space; waiting messages follow.
 * - `already_linked`: the chat was the space already (its members changed); delivery looks at it again.
 * - `taken`: its members are a space's people, but that space has another chat; Triad stays out of this one.
 * - `no_match`: the chat is no engagement's space.
 */
export type LinkOutcome =
  | { kind: 'linked'; engagementId: string; space: GroupSpace }
  | { kind: 'already_linked'; engagementId: string; space: SpaceKind }
  | { kind: 'taken'; engagementId: string; space: GroupSpace }
  | { kind: 'no_match' };

interface Candidate {
  engagement: Engagement;
  space: Space;
  kind: GroupSpace;
}

/** The people Triad knows among a chat's members; undefined when anyone in it is unknown to the organisation. */
async function knownPeople(repos: Repositories, organisationId: string, memberIds: readonly string[]) {
  const people: Person[] = [];
  for (const platformUserId of memberIds) {
    const person = await repos.people.findByPlatformUser(organisationId, platformUserId);
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
 * Triad was added to a group chat, or its members changed. The chat becomes an engagement's sponsor or coaching
 * space only when its members are exactly the people of that space (and of no other), so nobody reads a space
 * they do not belong to. A space already linked to another chat stays with it. After linking — or when the chat
 * was linked already and its members changed — the messages that waited for it are handed to delivery, which
 * checks the chat's members again before each post.
 */
export async function linkGroupChat(raw: LinkGroupChatInput, deps: CoreDeps): Promise<LinkOutcome> {
  const input = parseInput(linkGroupChatInput, raw);
  const organisation = await deps.uow.read.organisations.findByTenant(input.platform, input.tenantId);
  if (!organisation) return { kind: 'no_match' };
  const outcome = await deps.uow.transaction(async (repos): Promise<LinkOutcome> => {
    const people = await knownPeople(repos, organisation.id, input.memberIds);
    const [candidate, ...others] = people && people.length > 1 ? await candidatesFor(repos, people) : [];
    if (!candidate || others.length > 0) return { kind: 'no_match' };
    const { engagement, space, kind } = candidate;
    const linkedTo = chatIdOf(space.address);
    if (linkedTo) {
      const same = linkedTo === input.address.conversationId;
      return { kind: same ? 'already_linked' : 'taken', engagementId: engagement.id, space: kind };
    }
    // The stored address also names the space it is, so delivery can check the chat's members against it.
    await repos.spaces.setAddress(space.id, { ...input.address, engagementId: engagement.id, space: kind });
    const actor = people?.find((p) => p.platformUserId === input.actorPlatformUserId);
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
    deps.logger.info({ engagementId: outcome.engagementId, space: outcome.space }, 'group chat linked');
  }
  if (outcome.kind === 'linked' || outcome.kind === 'already_linked') {
    await resumeDelivery(deps, outcome.engagementId);
    return outcome;
  }
  if (outcome.kind === 'taken') return outcome;
  // Its members no longer match a space (someone joined who does not belong): delivery looks at it again and waits.
  const linked = await findLinkedSpace(deps.uow.read, input);
  if (!linked) return outcome;
  await resumeDelivery(deps, linked.engagementId);
  return { kind: 'already_linked', engagementId: linked.engagementId, space: linked.kind };
}
