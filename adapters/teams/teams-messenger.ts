import type { Gated } from '../../src/confidentiality/outbound-gate.js';
import type { Person } from '../../src/engagement/records.js';
import type { OutboundMessage } from '../../src/messages/message.js';
import type { ChatProvisioner } from '../../src/ports/chat-provisioner.js';
import { ProvisionError } from '../../src/ports/chat-provisioner.js';
import {
  DeliveryError,
  type Messenger,
  type SendOptions,
  type SendResult,
  type SpaceRequest,
} from '../../src/ports/messenger.js';
import type { ChatPermissionMemory } from '../../src/spaces/chat-permission.js';
import { type GroupSpace, isGroupSpace } from '../../src/spaces/group-spaces.js';
import type { CoreDeps } from '../../src/use-cases/deps.js';
import { claimOnce } from '../../src/use-cases/requests/claim-request.js';
import { provisionGroupChat, refusedOrRetry } from '../../src/use-cases/spaces/provision-group-chat.js';
import { queueNoticeOnce } from '../../src/use-cases/spaces/queue-notice-once.js';
import { reachPerson } from '../../src/use-cases/spaces/reach-person.js';
import { statusOf, toDeliveryError } from './delivery-errors.js';
import { sendToMeetingCard } from './meeting-cards.js';
import { renderMessageActivity } from './render/message-card.js';
import { chatPermissionNotice, unreachableNotice } from './spaces/graph-notices.js';
import { compareRoster, expectedMembers } from './spaces/space-members.js';
import { addMemberNotice, removeMemberNotice, rosterNotice, setupNotice } from './spaces/space-notices.js';
import { addressOf, type TeamsAddress } from './teams-address.js';
import type { TeamsConnector } from './teams-connector.js';
import { type GateContext, gateForTeams } from './teams-gate.js';
import { tenantServiceUrl } from './tenant-service-url.js';
import type { FileLinksFor } from './turn/turn.js';

/** How long a message for a group chat waits before looking again while people have to act (link, add, remove). */
export const WAIT_FOR_PEOPLE_MS = 2 * 60_000;
/** How long a message waits after Triad installed itself for its reader, for Teams to tell Triad their chat. */
export const WAIT_FOR_INSTALL_MS = 15_000;

export interface TeamsMessengerDeps extends GateContext {
  connector: TeamsConnector;
  /** The core, to queue the notices Triad sends about setting up group chats through the outbox like any message. */
  core: CoreDeps;
  /** Where to create 1:1 chats when no stored conversation names a service URL (Teams' global one in production). */
  defaultServiceUrl: string;
  /** The bot's tenant (single-tenant apps); otherwise the organisation's tenant is used. */
  defaultTenantId?: string | undefined;
  /** A file's download links (a meeting's invite), made at each send; without them the card says where else to look. */
  fileLinks?: FileLinksFor | undefined;
  /**
   * Microsoft Graph, when configured: Triad makes the group chats and changes their members itself where the
   * tenant's admin has granted the permissions (detected per tenant), and asks people to otherwise.
   */
  chats?: { provisioner: ChatProvisioner; permissions: ChatPermissionMemory } | undefined;
  /**
   * Microsoft Graph, when configured: Triad installs itself for a person it cannot reach (who never opened it)
   * where the tenant's admin allows it (detected per tenant, remembered apart from the chat permissions).
   */
  reach?: { provisioner: ChatProvisioner; permissions: ChatPermissionMemory } | undefined;
}

/**
 * The Messenger port on the Bot Connector.
 * - The client's DM is the 1:1 chat with the client, created with `createConversation` when none is stored.
 * - The sponsor and coaching spaces are group chats that people create and add Triad to (Teams does not let a bot
 *   create a group chat): until one is linked, opening the space tells the client once how to set it up and its
 *   messages wait (`space_not_linked`, retried without using up attempts).
 * - Before each post to a group chat its roster is checked against the engagement: anyone who does not belong
 *   there stops delivery (`roster_mismatch`) until they are gone. Adding or removing a member (a bot cannot)
 *   asks the chat to do it and waits until the roster shows it done.
 * - A message's file (a meeting's invite) goes as signed download links to Triad's `/files/` route, one per
 *   attendee, made at each send; the file is made when a link is followed.
 * - A meeting's messages in the sponsor chat are one card per meeting, updated in place (`meeting-cards.ts`).
 * - `findSent` cannot look: the Bot Connector has no way to read a conversation's messages back, so a crash
 *   between Teams accepting a message and the outbox recording it can repeat that one message.
 */
export class TeamsMessenger implements Messenger {
  readonly platform = 'teams' as const;
  /** Group chats have no reply threads: a meeting is one card, updated in place (`meeting-cards.ts`). */
  readonly threadInOneMessage = true;

  constructor(private readonly deps: TeamsMessengerDeps) {}

  /**
   * In the person's organisation's tenant, never the app's own (a MultiTenant Triad serves many), through the
   * service URL a stored conversation of that tenant names (Teams' regional one), else the default.
   */
  async openDirect(platformUserId: string, tenantId: string): Promise<TeamsAddress> {
    return this.personalChat(platformUserId, await this.serviceUrlOf(tenantId), tenantId, undefined);
  }

  async openSpace(request: SpaceRequest): Promise<TeamsAddress> {
    const where = await this.whereFor(request.engagementId);
    if (request.kind === 'client_dm') {
      const [client] = request.memberPlatformUserIds;
      if (!client) throw new DeliveryError('no_members', false);
      return this.personalChat(client, where.serviceUrl, where.tenantId, request.engagementId);
    }
    if (isGroupSpace(request.kind)) {
      const made = await this.makeGroupChat(request, where);
      if (made) return made;
      await this.askForGroupChat(request.kind, request.engagementId);
    }
    throw new DeliveryError('space_not_linked', true, WAIT_FOR_PEOPLE_MS);
  }

  /**
   * With Graph and the tenant's permission: the space's group chat, made once (crash-safe, see
   * `provisionGroupChat`) with Triad installed; undefined without the permission, after telling HR once.
   */
  private async makeGroupChat(
    request: SpaceRequest,
    where: { serviceUrl: string; tenantId: string | undefined },
  ): Promise<TeamsAddress | undefined> {
    const { chats } = this.deps;
    if (!chats || !where.tenantId) return undefined;
    const space = await this.deps.uow.read.spaces.find(request.engagementId, request.kind);
    if (!space) throw new DeliveryError('space_missing', false);
    const outcome = await provisionGroupChat(
      {
        spaceId: space.id,
        tenantId: where.tenantId,
        topic: request.title,
        memberPlatformUserIds: request.memberPlatformUserIds,
      },
      { core: this.deps.core, ...chats },
    );
    if (outcome.kind === 'created') {
      return {
        conversationId: outcome.chatId,
        serviceUrl: where.serviceUrl,
        tenantId: where.tenantId,
        conversationType: 'groupChat',
        engagementId: request.engagementId,
        space: request.kind,
      };
    }
    await this.tellHrOfPermission(where.tenantId, request.engagementId);
    return undefined;
  }

  /** Once per tenant, HR hears what the admin can grant so nobody makes the chats by hand. */
  private async tellHrOfPermission(tenantId: string, engagementId: string): Promise<void> {
    const engagement = await this.deps.uow.read.engagements.get(engagementId);
    if (!engagement) return;
    const key = `teams:tenant:${tenantId}:chat-permission-notice`;
    await queueNoticeOnce({ key }, chatPermissionNotice(engagement), this.deps.core);
  }

  /**
   * Adds or removes a member through Graph where the tenant allows it; false when it does not (people are asked).
   * A rate limit or outage is a retryable DeliveryError.
   */
  private async changeMember(
    target: TeamsAddress,
    platformUserId: string,
    change: 'add' | 'remove',
  ): Promise<boolean> {
    const { chats } = this.deps;
    if (!chats || chats.permissions.refused(target.tenantId)) return false;
    try {
      if (change === 'add') {
        await chats.provisioner.addMember(target.tenantId, target.conversationId, platformUserId);
      } else {
        await chats.provisioner.removeMember(target.tenantId, target.conversationId, platformUserId);
      }
      chats.permissions.noteGranted(target.tenantId);
      return true;
    } catch (error) {
      if (!(error instanceof ProvisionError)) throw error;
      refusedOrRetry(error, target.tenantId, chats);
      return false;
    }
  }

  async send(address: unknown, message: Gated<OutboundMessage>, options: SendOptions): Promise<SendResult> {
    const target = addressOf(address);
    if (target.conversationType !== 'personal') await this.checkRoster(target);
    if (
      options.threadMessages &&
      message.destination.kind === 'space' &&
      message.destination.threadMeetingId
    ) {
      const call = <T>(work: () => Promise<T>) => this.call(work);
      return sendToMeetingCard(
        { connector: this.deps.connector, fileLinks: this.deps.fileLinks, call },
        target,
        message,
        options,
      );
    }
    const origin = message.file?.origin;
    const downloads = origin && this.deps.fileLinks ? await this.deps.fileLinks(origin) : [];
    const activityId = await this.post(
      target,
      renderMessageActivity(message, {
        outboxId: options.outboxId,
        ...(downloads.length > 0 ? { downloads } : {}),
      }),
    );
    return { messageId: `${target.conversationId}|${activityId}` };
  }

  async findSent(): Promise<string | undefined> {
    return undefined;
  }

  /** Deletes an activity Triad posted (`conversationId|activityId`); one already gone counts as done. */
  async retract(address: unknown, platformMessageId: string): Promise<void> {
    const target = addressOf(address);
    const split = platformMessageId.lastIndexOf('|');
    const activityId = platformMessageId.slice(split + 1);
    const conversationId = split > 0 ? platformMessageId.slice(0, split) : target.conversationId;
    if (activityId === '') throw new DeliveryError('invalid_message_id', false);
    // Where it was posted, even if the space has been linked to another chat since.
    await this.call(() => this.deps.connector.delete({ ...target, conversationId }, activityId));
  }

  async addMember(address: unknown, platformUserId: string): Promise<void> {
    const target = addressOf(address);
    const member = await this.call(() => this.deps.connector.member(target, platformUserId));
    if (member) return;
    const context = await this.spaceContext(target);
    if (await this.changeMember(target, platformUserId, 'add')) return;
    const person = context.people.find((p) => p.platformUserId === platformUserId);
    if (person) {
      const key = `teams:notice:${target.conversationId}:add:${platformUserId}:v${context.engagement.version}`;
      await this.noticeOnce(key, target, addMemberNotice(context.kind, context.engagement, person));
    }
    throw new DeliveryError('member_not_added', true, WAIT_FOR_PEOPLE_MS);
  }

  async removeMember(address: unknown, platformUserId: string): Promise<void> {
    const target = addressOf(address);
    const member = await this.call(() => this.deps.connector.member(target, platformUserId));
    if (!member) return;
    const context = await this.spaceContext(target);
    if (await this.changeMember(target, platformUserId, 'remove')) return;
    const person =
      (await this.deps.uow.read.people.findByPlatformUser(
        context.engagement.organisationId,
        platformUserId,
      )) ?? undefined;
    if (person) {
      const key = removalKey(target, platformUserId, context.engagement.version);
      await this.noticeOnce(key, target, removeMemberNotice(context.kind, context.engagement, person));
    }
    throw new DeliveryError('member_not_removed', true, WAIT_FOR_PEOPLE_MS);
  }

  /**
   * The person's 1:1 chat with Triad. Teams refuses it (403) while Triad is not installed for them: then Triad
   * installs itself for them where the tenant allows it (Teams then tells Triad the chat, and this is tried again
   * shortly), else HR is told once who cannot be reached and how to fix it; either way the message waits, without
   * using up its attempts, until the person can be reached.
   */
  private async personalChat(
    userId: string,
    serviceUrl: string,
    tenantId: string | undefined,
    engagementId: string | undefined,
  ): Promise<TeamsAddress> {
    if (!tenantId) throw new DeliveryError('tenant_unknown', false);
    try {
      return await this.deps.connector.personalChat(serviceUrl, tenantId, userId);
    } catch (error) {
      if (statusOf(error) !== 403) throw toDeliveryError(error);
    }
    const { reach } = this.deps;
    const outcome = reach
      ? await reachPerson({ tenantId, platformUserId: userId }, { core: this.deps.core, ...reach })
      : undefined;
    if (outcome?.kind === 'installing')
      throw new DeliveryError('installing_for_person', true, WAIT_FOR_INSTALL_MS);
    await this.tellHrOfUnreached(userId, tenantId, engagementId);
    throw new DeliveryError('person_not_reached', true, WAIT_FOR_PEOPLE_MS);
  }

  /** Once per person, HR hears who Triad cannot reach and how to fix it (never the person themselves). */
  private async tellHrOfUnreached(
    userId: string,
    tenantId: string,
    engagementId: string | undefined,
  ): Promise<void> {
    const repos = this.deps.uow.read;
    const organisation = await repos.organisations.findByTenant('teams', tenantId);
    const person = organisation && (await repos.people.findByPlatformUser(organisation.id, userId));
    if (!person) return;
    const engagement = engagementId
      ? await repos.engagements.get(engagementId)
      : (await repos.engagements.listForPerson(person.id)).at(-1);
    if (!engagement || engagement.startedById === person.id) return;
    const key = `teams:person:${person.id}:unreached-notice`;
    await queueNoticeOnce({ key }, unreachableNotice(engagement, person), this.deps.core);
  }

  private async post(
    target: TeamsAddress,
    activity: ReturnType<typeof renderMessageActivity>,
  ): Promise<string> {
    return this.call(() => this.deps.connector.send(target, activity));
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  /** The service URL and tenant to create an engagement's chats with: a stored conversation's, else the default. */
  private async whereFor(
    engagementId: string,
  ): Promise<{ serviceUrl: string; tenantId: string | undefined }> {
    const repos = this.deps.uow.read;
    const engagement = await repos.engagements.get(engagementId);
    const organisation = engagement && (await repos.organisations.get(engagement.organisationId));
    const known = [
      ...(engagement ? (await repos.spaces.listByEngagement(engagement.id)).map((s) => s.address) : []),
      ...(engagement
        ? (await repos.people.getMany([engagement.clientId, engagement.startedById])).map(
            (p) => p.directAddress,
          )
        : []),
    ].flatMap((candidate) => {
      const parsed = addressOfOrUndefined(candidate);
      return parsed ? [parsed] : [];
    });
    return {
      serviceUrl: known[0]?.serviceUrl ?? this.deps.defaultServiceUrl,
      tenantId: organisation?.platformTenantId ?? known[0]?.tenantId ?? this.deps.defaultTenantId,
    };
  }

  /** The service URL of a 1:1 chat Triad already has in the tenant (its HR's, its clients'), else the default. */
  private serviceUrlOf(tenantId: string): Promise<string> {
    return tenantServiceUrl(this.deps.uow, tenantId, this.deps.defaultServiceUrl);
  }

  private async spaceContext(target: TeamsAddress) {
    if (!target.engagementId || !target.space || !isGroupSpace(target.space)) {
      throw new DeliveryError('not_a_space', false);
    }
    const found = await expectedMembers(this.deps.uow.read, target.engagementId, target.space);
    if (!found) throw new DeliveryError('space_missing', false);
    return { ...found, kind: target.space };
  }

  /** Refuses to post into a group chat that has someone in it who does not belong to the space. */
  private async checkRoster(target: TeamsAddress): Promise<void> {
    const context = await this.spaceContext(target);
    const roster = await this.call(() => this.deps.connector.roster(target));
    const { extra } = compareRoster(
      roster.map((m) => ({ id: m.id, name: m.name, aadObjectId: m.aadObjectId })),
      context.people,
    );
    if (extra.length === 0) return;
    const ids = extra.map((m) => m.id).sort();
    const removing = await Promise.all(
      ids.map((id) => this.deps.uow.read.processed.get(removalKey(target, id, context.engagement.version))),
    );
    if (!removing.every(Boolean)) {
      const key = `teams:notice:${target.conversationId}:roster:${ids.join(',')}`.slice(0, 400);
      const shown = extra.map((m) => m.name || 'someone');
      // Several messages may wait on this chat at once: the first to claim the key says it, the others do not.
      if (await this.claim(key))
        await this.notice(target, rosterNotice(context.kind, context.engagement, shown));
    }
    this.deps.logger.warn(
      { engagementId: context.engagement.id, space: context.kind, extra: extra.length },
      'group chat has members outside the engagement; delivery waits',
    );
    throw new DeliveryError('roster_mismatch', true, WAIT_FOR_PEOPLE_MS);
  }

  /**
   * Tells the client, once per space, how to make the group chat Triad will link. The notice goes through the
   * outbox (gated, audited, exactly once by its key, retried like any message) to the client's 1:1 chat.
   */
  private async askForGroupChat(kind: GroupSpace, engagementId: string): Promise<void> {
    const found = await expectedMembers(this.deps.uow.read, engagementId, kind);
    if (!found) throw new DeliveryError('space_missing', false);
    const others = found.people.filter((p: Person) => p.id !== found.engagement.clientId);
    // A coaching chat is set up afresh for each coach (the core retires the old one on reassignment).
    const coach = kind === 'coaching' ? `:${found.engagement.coachId ?? 'none'}` : '';
    const key = `teams:engagement:${engagementId}:setup:${kind}${coach}`;
    await queueNoticeOnce({ key }, setupNotice(kind, found.engagement, others), this.deps.core);
  }

  /**
   * Posts a notice into a group chat that cannot wait in the outbox (it asks for the very change delivery waits
   * for), once per key; a failed post is tried again with the membership change that needed it.
   */
  private async noticeOnce(key: string, target: TeamsAddress, message: OutboundMessage): Promise<void> {
    if (await this.deps.uow.read.processed.get(key)) return;
    await this.notice(target, message);
    await this.claim(key);
  }

  private async notice(target: TeamsAddress, message: OutboundMessage): Promise<void> {
    const gated = await gateForTeams(message, this.deps, true);
    await this.post(target, renderMessageActivity(gated));
  }

  /** Records a notice key; false when it was recorded before. */
  private claim(key: string): Promise<boolean> {
    return claimOnce({ key, outcome: { notice: true } }, this.deps);
  }
}

/** The once-key of "please remove this person", per engagement version (a later reassignment asks again). */
const removalKey = (target: TeamsAddress, platformUserId: string, version: number) =>
  `teams:notice:${target.conversationId}:remove:${platformUserId}:v${version}`;

function addressOfOrUndefined(candidate: unknown): TeamsAddress | undefined {
  try {
    return candidate === null || candidate === undefined ? undefined : addressOf(candidate);
  } catch {
    return undefined;
  }
}
