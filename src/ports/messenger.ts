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
  openSpace(request: SpaceRequest): Promise<unknown>;
  openDirect(platformUserId: string): Promise<unknown>;
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
   * Invites someone from outside the organisation to a space by e-mail (Slack Connect); returns the platform's
   * invite id. A refusal (plan, policy, token type) is a DeliveryError that is not retryable, with Slack's code.
   */
  inviteByEmail?(address: unknown, email: string): Promise<string>;
}
