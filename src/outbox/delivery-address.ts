import type { Engagement, Platform, Space } from '../engagement/records.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import { DeliveryError, type Messenger } from '../ports/messenger.js';
import type { UnitOfWork } from '../ports/repositories.js';

export interface AddressDeps {
  uow: UnitOfWork;
  clock: Clock;
  logger: Logger;
  messengers: Partial<Record<Platform, Messenger>>;
  /**
   * The platform tenant of an organisation when the caller read it already (a batch's claim reads each entry's
   * organisation with its space), so the organisation is not read again per message; undefined: read it.
   */
  knownTenant?: (organisationId: string) => string | undefined;
}

export interface SpaceTarget {
  messenger: Messenger;
  address: unknown;
}

/**
 * The platform's messenger, acting for the organisation (its own token) when the platform has one per tenant; the
 * organisation is only read then (`organisationOf`), so single-token delivery makes no extra query.
 */
async function messengerFor(
  deps: AddressDeps,
  platform: Platform,
  tenantOf: () => Promise<string | undefined>,
): Promise<Messenger> {
  const messenger = deps.messengers[platform];
  if (!messenger) throw new DeliveryError('platform_not_configured', false);
  if (!messenger.forTenant) return guarded(messenger);
  const tenant = await tenantOf();
  if (tenant === undefined) throw new DeliveryError('space_missing', false);
  return guarded(messenger.forTenant(tenant));
}

/**
 * A messenger whose failures are all DeliveryErrors: anything else it throws (connection reset, timeout) means
 * the outcome is unknown, which is retryable — and the retry looks for the message before sending again.
 */
function guarded(messenger: Messenger): Messenger {
  const call =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await method.apply(messenger, args);
      } catch (error) {
        if (error instanceof DeliveryError) throw error;
        throw new DeliveryError('platform_unreachable', true);
      }
    };
  return {
    platform: messenger.platform,
    ...(messenger.threadInOneMessage ? { threadInOneMessage: true } : {}),
    openSpace: call(messenger.openSpace),
    openDirect: call(messenger.openDirect),
    send: call(messenger.send),
    findSent: call(messenger.findSent),
    retract: call(messenger.retract),
    addMember: call(messenger.addMember),
    removeMember: call(messenger.removeMember),
    ...(messenger.listMembers ? { listMembers: call(messenger.listMembers) } : {}),
    ...(messenger.inviteByEmail ? { inviteByEmail: call(messenger.inviteByEmail) } : {}),
  };
}

/** Who belongs in each space: the client's DM is theirs alone; a coaching space is its coach's and the client's. */
function memberIds(engagement: Engagement, space: Space): string[] {
  if (space.kind === 'client_dm') return [engagement.clientId];
  if (space.kind === 'coaching')
    return space.coachId ? [engagement.clientId, space.coachId] : [engagement.clientId];
  const coach = engagement.coachId ? [engagement.coachId] : [];
  return [engagement.sponsorId, engagement.clientId, ...coach];
}

/**
 * The platform address of the space row an outbox entry is bound to, opening the space the first time something
 * is posted there and storing its address in Postgres (never in process memory). A retired row (the coach
 * changed) is never delivered to, and never exchanged for the engagement's current space.
 */
export async function spaceTarget(deps: AddressDeps, spaceId: string | null): Promise<SpaceTarget> {
  const repos = deps.uow.read;
  const space = spaceId ? await repos.spaces.get(spaceId) : undefined;
  const engagement = space && (await repos.engagements.get(space.engagementId));
  if (!space || !engagement) throw new DeliveryError('space_missing', false);
  if (space.retiredAt) throw new DeliveryError('space_retired', false);
  const messenger = await messengerFor(
    deps,
    space.platform,
    async () =>
      deps.knownTenant?.(engagement.organisationId) ??
      (await repos.organisations.get(engagement.organisationId))?.platformTenantId,
  );
  if (space.address !== null && space.address !== undefined) return { messenger, address: space.address };
  const people = await repos.people.getMany(memberIds(engagement, space));
  const { kind, engagementId } = space;
  const address = await messenger.openSpace({
    engagementId,
    kind,
    memberPlatformUserIds: people.map((person) => person.platformUserId),
    // A coaching space opens afresh for each coach, so its name carries the coach.
    title: `triad-${kind.replace('_', '-')}-${engagementId.slice(0, 8)}${
      kind === 'coaching' && space.coachId ? `-${space.coachId.slice(0, 4)}` : ''
    }`,
  });
  await deps.uow.transaction((tx) => tx.spaces.setAddress(space.id, address));
  deps.logger.info({ engagementId, space: kind }, 'space opened');
  return { messenger, address };
}

/** A person's direct conversation with the bot (HR notifications), opened once and stored. */
export async function directTarget(deps: AddressDeps, personId: string): Promise<SpaceTarget> {
  const repos = deps.uow.read;
  const person = await repos.people.get(personId);
  const organisation = person && (await repos.organisations.get(person.organisationId));
  if (!person || !organisation) throw new DeliveryError('person_missing', false);
  const messenger = await messengerFor(
    deps,
    organisation.platform,
    async () => organisation.platformTenantId,
  );
  if (person.directAddress !== null && person.directAddress !== undefined) {
    return { messenger, address: person.directAddress };
  }
  const address = await messenger.openDirect(person.platformUserId, organisation.platformTenantId);
  await deps.uow.transaction((tx) => tx.people.setDirectAddress(person.id, address));
  return { messenger, address };
}

/**
 * Remembers the thread a meeting's first message started, so later messages about it reply there. Best effort:
 * the message is already sent; if the meeting changed meanwhile, the next message simply starts the thread.
 */
export async function storeMeetingThread(
  deps: AddressDeps,
  meetingId: string,
  threadAddress: unknown,
): Promise<void> {
  try {
    await deps.uow.transaction(async (tx) => {
      const meeting = await tx.meetings.get(meetingId);
      if (!meeting || (meeting.threadAddress !== null && meeting.threadAddress !== undefined)) return;
      await tx.meetings.update({
        ...meeting,
        threadAddress,
        version: meeting.version + 1,
        updatedAt: deps.clock.now(),
      });
    });
  } catch (error) {
    deps.logger.warn({ meetingId, err: (error as Error)?.name }, 'could not store the meeting thread');
  }
}
