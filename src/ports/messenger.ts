import type { Gated } from '../confidentiality/outbound-gate.js';
import type { Platform } from '../engagement/records.js';
import type { OutboundMessage, SpaceKind } from '../messages/message.js';

/** What the platform needs to open (or find again) an engagement space. */
export interface SpaceRequest {
  engagementId: string;
  kind: SpaceKind;
  /** Platform user ids of the people who belong in the space (the bot is implied). */
  memberPlatformUserIds: string[];
  /** A readable, content-free name, e.g. "triad-coaching-1a2b3c". */
  title: string;
}

export interface SendOptions {
  /** Carried with the message (Slack metadata, Teams channelData) so a retry can find it. */
  outboxId: string;
  /** Post into this thread (e.g. an alignment meeting's thread in the sponsor space). */
  threadAddress?: unknown;
  /**
   * For a messenger that shows a meeting's thread as one message updated in place (`threadInOneMessage`): the
   * thread's delivered messages and this one, in the order they were written, the others gated again at this
   * send. Other `post`s are left out (they are messages of their own), and so is anything the gate now refuses.
   */
  threadMessages?: readonly ThreadMessage[];
}

/** A message delivered earlier in a meeting's thread, with the outbox id its buttons carry. */
export interface ThreadMessage {
  outboxId: string;
  message: Gated<OutboundMessage>;
}

export interface SendResult {
  messageId: string;
  /** Set when the message started a thread that later messages should reply in. */
  threadAddress?: unknown;
}

/** Failure to deliver. `retryable` false means the platform said no for good (channel gone, no access). */
export class DeliveryError extends Error {
  constructor(
    readonly code: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(`delivery failed: ${code}`);
    this.name = 'DeliveryError';
  }
}

/** The outbound side of a platform adapter. Only the delivery use case calls it, with gated messages. */
export interface Messenger {
  readonly platform: Platform;
  /**
   * Set by a platform without reply threads (Teams group chats), which keeps each meeting as one message updated
   * in place: its sends into a meeting's thread get the thread's earlier messages (`SendOptions.threadHistory`).
   */
  readonly threadInOneMessage?: boolean;
  openSpace(request: SpaceRequest): Promise<unknown>;
  /**
   * The person's direct conversation with the bot, opened now. `tenantId` is their organisation's workspace or
   * tenant: Teams creates the chat in that tenant (one Triad may serve many).
   */
  openDirect(platformUserId: string, tenantId: string): Promise<unknown>;
  send(address: unknown, message: Gated<OutboundMessage>, options: SendOptions): Promise<SendResult>;
  /** Finds a message carrying this outbox id posted since `since` (crash recovery); undefined if none. */
  findSent(address: unknown, outboxId: string, since: Date): Promise<string | undefined>;
  /**
   * Takes back a message Triad posted (a withdrawn release): deletes it, so the space's history no longer holds
   * its text. `platformMessageId` is what `send` or `findSent` returned. A message already gone counts as done.
   */
  retract(address: unknown, platformMessageId: string): Promise<void>;
  addMember(address: unknown, platformUserId: string): Promise<void>;
  removeMember(address: unknown, platformUserId: string): Promise<void>;
  /**
   * Platform user ids of the people in a space, the bot left out; platforms that can report them do, and the
   * core's space rule (src/spaces/space-membership.ts) checks them before private content goes there.
   */
  listMembers?(address: unknown): Promise<string[]>;
  /**
   * The messenger acting for one organisation (its platform tenant id: Slack team id), when the platform holds a
   * token per organisation (Slack distribution mode); delivery uses it for every entry of that organisation.
   */
  forTenant?(tenantId: string): Messenger;
  /**
   * Invites someone from outside the organisation to a space by e-mail (Slack Connect); returns the platform's
   * invite id. A refusal (plan, policy, token type) is a DeliveryError that is not retryable, with Slack's code.
   */
  inviteByEmail?(address: unknown, email: string): Promise<string>;
}
