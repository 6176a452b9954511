import type { Engagement, OutboxEntry, Platform, Space } from '../engagement/records.js';
import { strangerAlertForHr, strangerNoticeForClient } from '../messages/compose/space-strangers.js';
import type { SpaceKind } from '../messages/message.js';
import { inTransaction, type Unit } from '../outbox/unit.js';
import type { Cipher } from '../ports/cipher.js';
import type { Clock } from '../ports/clock.js';
import { type IdGenerator, uuidIds } from '../ports/ids.js';
import type { Logger } from '../ports/logger.js';
import type { Messenger } from '../ports/messenger.js';
import type { Repositories, UnitOfWork } from '../ports/repositories.js';
import type { Scheduler } from '../ports/scheduler.js';
import type { SpaceMembers } from '../ports/space-members.js';
import { defaultSettings } from '../use-cases/deps.js';
import { memberIdsOf } from './group-spaces.js';

/**
 * The rule of who may be in an engagement's private coaching space: the client and their current coach, and
 * nobody else (the bot aside). A DM cannot gain members; the sponsor space carries nothing private. When the
 * platform reports anyone else in the coaching space, private messages for it are held (kept pending, never
 * lost), the client is told in their DM and the HR person who started the engagement is alerted, without any
 * content; once the space holds only its people again, the held messages go out.
 */
export const GUARDED_SPACES: ReadonlySet<SpaceKind> = new Set(['coaching']);
/** The error code a held entry carries (pending, not failed: nothing was attempted). */
export const HELD_FOR_STRANGERS = 'space_has_strangers';
/** How long a cached member list is trusted without an event before the platform is asked again. */
export const MEMBERS_FRESH_MS = 15 * 60_000;
/** A held entry looks again after this long even if no member-left event arrives. */
export const HOLD_RECHECK_MS = 60 * 60_000;

export interface SpaceGuardDeps {
  uow: UnitOfWork;
  cipher: Cipher;
  clock: Clock;
  logger: Logger;
  ids?: IdGenerator | undefined;
  scheduler?: Scheduler | undefined;
}

/** The platform's addresses as one comparable string: `slack:{"channel":"C1"}`. */
export function addressKey(platform: Platform, address: unknown): string {
  const sorted = (value: unknown): unknown =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, sorted(v)]),
        )
      : value;
  return `${platform}:${JSON.stringify(sorted(address))}`;
}

/** Platform user ids of the people the engagement puts in a space now. */
async function expectedMembers(repos: Repositories, engagement: Engagement, kind: SpaceKind) {
  const people = await repos.people.getMany(memberIdsOf(engagement, kind));
  return new Set(people.map((person) => person.platformUserId));
}

const strangersOf = (members: SpaceMembers, expected: Set<string>) =>
  members.platformUserIds.filter((id) => !expected.has(id)).sort();

/**
 * Before a private message goes to a guarded space: reads who is in it (the cache, or the platform when the
 * cache is stale) and, when someone else is there, holds the entry and tells the client and HR. Returns when
 * the entry will look again, or undefined when it may be sent.
 */
export async function holdIfStrangers(
  entry: OutboxEntry,
  target: { space: Space; messenger: Messenger; address: unknown },
  deps: SpaceGuardDeps,
): Promise<Date | undefined> {
  const { space, messenger, address } = target;
  if (!GUARDED_SPACES.has(space.kind) || !messenger.listMembers) return undefined;
  const repos = deps.uow.read;
  const engagement = await repos.engagements.get(space.engagementId);
  if (!engagement) return undefined;
  const now = deps.clock.now();
  const key = addressKey(space.platform, address);
  let members = await repos.spaceMembers.get(space.id);
  // A space that moved (a fresh coaching space for a new coach) is another conversation: asked afresh.
  if (
    !members ||
    members.addressKey !== key ||
    now.getTime() - members.checkedAt.getTime() >= MEMBERS_FRESH_MS
  ) {
    const moved = members !== undefined && members.addressKey !== key;
    const platformUserIds = await messenger.listMembers(address);
    members = {
      spaceId: space.id,
      engagementId: space.engagementId,
      addressKey: key,
      platformUserIds,
      // A stranger reported before and gone since is told about again should they come back.
      reportedStrangers: moved
        ? []
        : (members?.reportedStrangers ?? []).filter((id) => platformUserIds.includes(id)),
      checkedAt: now,
    };
    await deps.uow.transaction((tx) => tx.spaceMembers.save(members as SpaceMembers));
  }
  const strangers = strangersOf(members, await expectedMembers(repos, engagement, space.kind));
  if (strangers.length === 0) return undefined;
  const at = new Date(now.getTime() + HOLD_RECHECK_MS);
  await inGuardTransaction(deps, async (unit) => {
    const current = await unit.repos.outbox.get(entry.id);
    if (current?.status === 'pending') {
      await unit.repos.outbox.update({
        ...current,
        availableAt: at,
        lastErrorCode: HELD_FOR_STRANGERS,
        updatedAt: now,
      });
    }
    await reportStrangers(unit, engagement, space, strangers, now);
  });
  deps.logger.warn(
    { engagementId: engagement.id, outboxId: entry.id, strangers: strangers.length },
    'held: strangers in a private space',
  );
  return at;
}

/**
 * A member joined or left a space (the platform's event): the cached list follows it; a stranger who joined is
 * reported at once; when the last stranger left, the held messages go out.
 */
export async function applyMemberChange(
  change: { platform: Platform; tenantId: string; address: unknown; platformUserId: string; joined: boolean },
  deps: SpaceGuardDeps,
): Promise<{ spaces: number }> {
  const key = addressKey(change.platform, change.address);
  const cached = await deps.uow.read.spaceMembers.findByAddressKey(key);
  for (const row of cached) {
    await inGuardTransaction(deps, async (unit) => {
      const { repos } = unit;
      const engagement = await repos.engagements.get(row.engagementId);
      const organisation = engagement && (await repos.organisations.get(engagement.organisationId));
      if (!engagement || organisation?.platformTenantId !== change.tenantId) return;
      const space = (await repos.spaces.listByEngagement(engagement.id)).find((s) => s.id === row.spaceId);
      const members = await repos.spaceMembers.get(row.spaceId);
      // The space has moved on (a fresh coaching space for a new coach): the old conversation is not its.
      if (!space || !members || addressKey(space.platform, space.address) !== row.addressKey) return;
      const others = members.platformUserIds.filter((id) => id !== change.platformUserId);
      const updated = {
        ...members,
        platformUserIds: change.joined ? [...others, change.platformUserId] : others,
      };
      const strangers = strangersOf(updated, await expectedMembers(repos, engagement, space.kind));
      await repos.spaceMembers.save(updated);
      if (strangers.length > 0) {
        await reportStrangers(unit, engagement, space, strangers, deps.clock.now());
        return;
      }
      await repos.spaceMembers.save({ ...updated, reportedStrangers: [] });
      await releaseHeld(unit, engagement.id, space.kind, deps.clock.now());
    });
  }
  return { spaces: cached.length };
}

/** Tells the client (DM) and the HR person who started the engagement, once per new stranger. */
async function reportStrangers(
  unit: Unit,
  engagement: Engagement,
  space: Space,
  strangers: string[],
  now: Date,
) {
  const { repos } = unit;
  const members = await repos.spaceMembers.get(space.id);
  const reported = new Set(members?.reportedStrangers ?? []);
  if (strangers.every((id) => reported.has(id))) return;
  if (members)
    await repos.spaceMembers.save({
      ...members,
      reportedStrangers: [...new Set([...reported, ...strangers])],
    });
  // `reportedStrangers` keeps this to once per stranger; the time tells a return after leaving from a repeat.
  const key = `engagement:${engagement.id}:space-strangers:${space.id}:${strangers.join(',')}:${now.getTime()}`;
  await unit.send(strangerNoticeForClient(engagement.id, strangers.length), `${key}:client`);
  const client = await repos.people.get(engagement.clientId);
  await unit.send(
    strangerAlertForHr(
      engagement.id,
      engagement.startedById,
      client?.displayName ?? 'a client',
      strangers.length,
    ),
    `${key}:hr`,
  );
  await unit.audit({
    engagementId: engagement.id,
    actorId: null,
    action: 'space_strangers_found',
    details: { space: space.kind, count: strangers.length },
  });
}

/** The space's held entries go back to the queue now (one a delivery batch is trying right now stays its). */
async function releaseHeld(unit: Unit, engagementId: string, kind: SpaceKind, now: Date) {
  const held = (await unit.repos.outbox.listByEngagement(engagementId)).filter((entry) => {
    const destination = entry.destination as { kind?: string; space?: string };
    return (
      entry.status === 'pending' &&
      entry.lastErrorCode === HELD_FOR_STRANGERS &&
      destination.kind === 'space' &&
      destination.space === kind
    );
  });
  for (const id of await unit.repos.outbox.releaseHeld(
    held.map((entry) => entry.id),
    now,
  )) {
    unit.deliverAfterCommit(id);
  }
}

/** The outbox unit with what delivery has: ids default to uuids, and no scheduler means the notices wait for the next sweep. */
export function inGuardTransaction<T>(deps: SpaceGuardDeps, work: (unit: Unit) => Promise<T>): Promise<T> {
  return inTransaction(
    {
      ...deps,
      ids: deps.ids ?? uuidIds,
      scheduler: deps.scheduler ?? {
        deliver: async () => {},
        syncEngagement: async () => {},
        forgetEngagement: async () => {},
        learnPresence: async () => {},
      },
      settings: defaultSettings,
    },
    work,
  );
}
