import type { Gated } from '../../../src/confidentiality/outbound-gate.js';
import type { OutboundMessage } from '../../../src/messages/message.js';
import { DeliveryError, type Messenger } from '../../../src/ports/messenger.js';

/**
 * The platform as the canary property sees it: each workspace's conversations with the people in them (a token
 * per workspace, as in Slack distribution mode, so delivery acts for the organisation of each entry). Opening a
 * space makes a conversation of the members the core asked for; membership changes move people in and out;
 * every message is kept with the workspace and who could read it when it arrived. An address of one
 * workspace used with another's token is refused (and remembered: the oracle fails on it). Inviting an e-mail
 * address (Slack Connect) gives an invite id. An outage makes every call fail, for good or for now, so
 * deliveries fail and HR's retries are exercised.
 */
export type Outage = 'none' | 'permanent' | 'transient';

export interface Posted {
  /** The workspace whose token posted it. */
  tenant: string;
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
  /** Invitations sent by e-mail: invite id, workspace, the address invited to, the space's address. */
  invites: { inviteId: string; tenant: string; email: string; address: unknown }[];
  /** Calls that used one workspace's address with another workspace's token. */
  crossed: string[];
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
    invites: [],
    crossed: [],
    messenger: forWorkspace('none'),
  };
  /** The messenger acting with one workspace's token. */
  function forWorkspace(tenant: string): Messenger {
    const own = (address: unknown) => {
      const conversation = conversationOf(address);
      if (!conversation.startsWith(`${tenant}/`)) platform.crossed.push(`${tenant} used ${conversation}`);
      return conversation;
    };
    return {
      platform: 'slack',
      forTenant: (tenantId) => forWorkspace(tenantId),
      async openSpace(request) {
        down();
        const conversation = `${tenant}/${request.kind}.${request.engagementId.slice(0, 8)}.${++opened}`;
        members.set(conversation, new Set(request.memberPlatformUserIds));
        return { conversation };
      },
      async openDirect(userId, tenantId) {
        down();
        if (tenantId !== tenant) platform.crossed.push(`${tenant} opened a DM in ${tenantId}`);
        const conversation = `${tenant}/dm.${userId}`;
        members.set(conversation, new Set([userId]));
        return { conversation };
      },
      async send(address, message, options) {
        down();
        const conversation = own(address);
        platform.unchecked.push({
          tenant,
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
        return sent.get(`${own(address)}/${outboxId}`);
      },
      async addMember(address, userId) {
        down();
        members.get(own(address))?.add(userId);
      },
      async removeMember(address, userId) {
        down();
        members.get(own(address))?.delete(userId);
      },
      async retract(address, platformMessageId) {
        down();
        own(address);
        platform.retracted.add(platformMessageId);
      },
      async inviteByEmail(address, email) {
        down();
        own(address);
        const inviteId = `I${platform.invites.length + 1}`;
        platform.invites.push({ inviteId, tenant, email, address });
        return inviteId;
      },
    };
  }
  function down() {
    if (platform.outage === 'permanent') throw new DeliveryError('channel_not_found', false);
    if (platform.outage === 'transient') throw new DeliveryError('http_500', true);
  }
  return platform;
}

const conversationOf = (address: unknown) => String((address as { conversation?: string }).conversation);
