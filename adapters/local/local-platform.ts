import type { Gated } from '../../src/confidentiality/outbound-gate.js';
import type { OutboundMessage } from '../../src/messages/message.js';
import type { PlatformProfile } from '../../src/ports/directory.js';
import {
  DeliveryError,
  type Messenger,
  type SendOptions,
  type SpaceRequest,
} from '../../src/ports/messenger.js';
import { renderMessageText } from './render-text.js';

/** One line of what a person saw in the local platform. */
export interface SeenLine {
  at: Date;
  userId: string;
  conversation: string;
  text: string;
  outboxId?: string;
}

interface Conversation {
  id: string;
  title: string;
  members: Set<string>;
  messages: { id: string; outboxId: string; at: Date }[];
}

/**
 * A stand-in for Slack or Teams on one machine: people, conversations with members, and a transcript of what
 * each person saw. Implements the core's Messenger and Directory ports exactly as a platform adapter does.
 */
export function createLocalPlatform(options: { onSeen?: (line: SeenLine) => void } = {}) {
  const people = new Map<string, PlatformProfile>();
  const conversations = new Map<string, Conversation>();
  const seen: SeenLine[] = [];
  let counter = 0;

  const conversationOf = (address: unknown): Conversation => {
    const id = (address as { conversation?: string } | null)?.conversation;
    const conversation = id ? conversations.get(id) : undefined;
    if (!conversation) throw new DeliveryError('channel_not_found', false);
    return conversation;
  };

  const open = (id: string, title: string, members: string[]) => {
    const existing = conversations.get(id);
    if (existing) return existing;
    const conversation: Conversation = { id, title, members: new Set(members), messages: [] };
    conversations.set(id, conversation);
    return conversation;
  };

  const show = (conversation: Conversation, userId: string, text: string, outboxId?: string) => {
    const line: SeenLine = { at: new Date(), userId, conversation: conversation.title, text, outboxId };
    seen.push(line);
    options.onSeen?.(line);
  };

  const messenger: Messenger = {
    platform: 'local',
    async openSpace(request: SpaceRequest) {
      const id = `${request.kind}:${request.engagementId}`;
      open(id, request.title, request.memberPlatformUserIds);
      return { conversation: id };
    },
    async openDirect(userId: string) {
      open(`dm:${userId}`, `DM with Triad`, [userId]);
      return { conversation: `dm:${userId}` };
    },
    async send(address: unknown, message: Gated<OutboundMessage>, options: SendOptions) {
      const conversation = conversationOf(address);
      counter += 1;
      const id = `m${counter}`;
      conversation.messages.push({ id, outboxId: options.outboxId, at: new Date() });
      const text = renderMessageText(message);
      for (const member of conversation.members) show(conversation, member, text, options.outboxId);
      return {
        messageId: id,
        ...(options.threadAddress ? {} : { threadAddress: { conversation: conversation.id, thread: id } }),
      };
    },
    async findSent(address: unknown, outboxId: string) {
      return conversationOf(address).messages.find((m) => m.outboxId === outboxId)?.id;
    },
    async addMember(address: unknown, userId: string) {
      conversationOf(address).members.add(userId);
    },
    async removeMember(address: unknown, userId: string) {
      conversationOf(address).members.delete(userId);
    },
  };

  return {
    messenger,
    directory: { lookup: async (id: string) => people.get(id) },
    addPerson(profile: PlatformProfile) {
      people.set(profile.platformUserId, profile);
    },
    /** Shows an immediate reply (ephemeral/modal) to one person. */
    showReply(userId: string, text: string) {
      const line: SeenLine = { at: new Date(), userId, conversation: 'reply', text };
      seen.push(line);
      options.onSeen?.(line);
    },
    seen,
    seenBy: (userId: string) => seen.filter((line) => line.userId === userId),
    membersOf: (conversationId: string) => [...(conversations.get(conversationId)?.members ?? [])],
  };
}

export type LocalPlatform = ReturnType<typeof createLocalPlatform>;
