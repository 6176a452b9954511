import type { Gated } from '../../../src/confidentiality/outbound-gate.js';
import type { OutboundMessage } from '../../../src/messages/message.js';
import { DeliveryError, type Messenger } from '../../../src/ports/messenger.js';

/**
 * The platform as the canary property sees it: conversations with the people in them. Opening a space makes a
 * conversation of the members the core asked for; membership changes move people in and out; every message is
 * kept with who could read it when it arrived. An outage makes every call fail, for good or for now, so
 * deliveries fail and HR's retries are exercised.
 */
export type Outage = 'none' | 'permanent' | 'transient';

export interface Posted {
  conversation: string;
  outboxId: string;
  /** The people in the conversation when the message arrived (platform user ids). */
  members: string[];
  message: Gated<OutboundMessage>;
}

export interface FakePlatform {
  messenger: Messenger;
  outage: Outage;
  /** Messages posted since the oracle last looked. */
  unchecked: Posted[];
  members: Map<string, Set<string>>;
  posted: number;
  /** Platform ids of messages taken back (a withdrawn release's post). */
  retracted: Set<string>;
}

export function fakePlatform(): FakePlatform {
  const members = new Map<string, Set<string>>();
  const sent = new Map<string, string>();
  let opened = 0;
  const platform: FakePlatform = {
    outage: 'none',
    unchecked: [],
    members,
    posted: 0,
    retracted: new Set(),
    messenger: {
      platform: 'slack',
      async openSpace(request) {
        down();
        const conversation = `${request.kind}.${request.engagementId.slice(0, 8)}.${++opened}`;
        members.set(conversation, new Set(request.memberPlatformUserIds));
        return { conversation };
      },
      async openDirect(userId) {
        down();
        const conversation = `dm.${userId}`;
        members.set(conversation, new Set([userId]));
        return { conversation };
      },
      async send(address, message, options) {
        down();
        const conversation = conversationOf(address);
        platform.unchecked.push({
          conversation,
          outboxId: options.outboxId,
          members: [...(members.get(conversation) ?? [])],
          message,
        });
        const messageId = `m${++platform.posted}`;
        sent.set(`${conversation}/${options.outboxId}`, messageId);
        return { messageId, threadAddress: { conversation, thread: messageId } };
      },
      async findSent(address, outboxId) {
        down();
        return sent.get(`${conversationOf(address)}/${outboxId}`);
      },
      async addMember(address, userId) {
        down();
        members.get(conversationOf(address))?.add(userId);
      },
      async removeMember(address, userId) {
        down();
        members.get(conversationOf(address))?.delete(userId);
      },
      async retract(_address, platformMessageId) {
        down();
        platform.retracted.add(platformMessageId);
      },
    },
  };
  function down() {
    if (platform.outage === 'permanent') throw new DeliveryError('channel_not_found', false);
    if (platform.outage === 'transient') throw new DeliveryError('http_500', true);
  }
  return platform;
}

const conversationOf = (address: unknown) => String((address as { conversation?: string }).conversation);
