import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Gated } from '../../src/confidentiality/outbound-gate.js';
import { PrivateText, revealPrivateText } from '../../src/confidentiality/private-text.js';
import type { Attachment, Control, Form, OutboundMessage } from '../../src/messages/message.js';
import type { PlatformProfile } from '../../src/ports/directory.js';
import {
  DeliveryError,
  type Messenger,
  type SendOptions,
  type SpaceRequest,
} from '../../src/ports/messenger.js';
import { controlsOf, renderFormText, renderMessageText, summaryText } from './render-text.js';

/** Where a person saw something: an engagement space, their DM with the bot, or a reply only they saw. */
export type LocalConversationKind = 'client_dm' | 'coaching' | 'sponsor' | 'dm' | 'reply';

/** A control as one person saw it, numbered so they can press it by number. */
export interface SeenControl {
  number: number;
  control: Control;
}

/** One thing a person saw in the local platform, rendered for that person. */
export interface SeenLine {
  at: Date;
  userId: string;
  conversation: string;
  conversationKind: LocalConversationKind;
  /** The message's notification text (bot-composed logistics). */
  summary: string;
  text: string;
  controls: SeenControl[];
  /** Set when this is a form (modal) shown to the person. */
  form?: Gated<Form>;
  /** The thread it was posted in (meeting threads in the sponsor space). */
  thread?: string;
  outboxId?: string;
  /** Set when Triad took the message back (a withdrawn release): its text is gone from the transcript. */
  retracted?: boolean;
  /** A file the person received (the client's export): its name, size and where the demo wrote it. */
  file?: { name: string; bytes: number; path?: string; content: PrivateText };
}

interface Conversation {
  id: string;
  title: string;
  kind: LocalConversationKind;
  members: Set<string>;
  messages: { id: string; outboxId: string; at: Date; summary: string }[];
}

export interface LocalPlatformOptions {
  /** Called for every line anyone sees, as it happens (the demo's live transcript). */
  onSeen?: (line: SeenLine) => void;
  /** Where files sent to people are written, one folder per person (the demo's output folder); none: memory only. */
  filesDir?: string;
}

/**
 * A stand-in for Slack or Teams on one machine: people, conversations with members, and a transcript of what
 * each person saw. Implements the core's Messenger and Directory ports exactly as a platform adapter does;
 * buttons are numbered per person so a terminal user can press them.
 */
export function createLocalPlatform(options: LocalPlatformOptions = {}) {
  const people = new Map<string, PlatformProfile>();
  const conversations = new Map<string, Conversation>();
  const seen: SeenLine[] = [];
  const controlCounters = new Map<string, number>();
  const files = new Map<string, PrivateText>();
  let counter = 0;

  const conversationOf = (address: unknown): Conversation => {
    const id = (address as { conversation?: string } | null)?.conversation;
    const conversation = id ? conversations.get(id) : undefined;
    if (!conversation) throw new DeliveryError('channel_not_found', false);
    return conversation;
  };

  const open = (id: string, title: string, kind: LocalConversationKind, members: string[]) => {
    const existing = conversations.get(id);
    if (existing) return existing;
    const conversation: Conversation = { id, title, kind, members: new Set(members), messages: [] };
    conversations.set(id, conversation);
    return conversation;
  };

  /** Numbers the controls for one person and renders the item with those numbers. */
  const record = (
    userId: string,
    item: Gated<OutboundMessage> | Gated<Form>,
    where: Pick<SeenLine, 'conversation' | 'conversationKind' | 'thread' | 'outboxId'>,
  ) => {
    const isForm = 'formId' in item;
    // Meeting times are shown in the reader's own zone, as Slack and Teams do.
    const zone = people.get(userId)?.timeZone;
    const blocks = isForm ? (item.intro ?? []) : item.blocks;
    const controls: SeenControl[] = controlsOf(blocks).map((control) => {
      const number = (controlCounters.get(userId) ?? 0) + 1;
      controlCounters.set(userId, number);
      return { number, control };
    });
    const numbered = (control: Control) => {
      const number = controls.find((c) => c.control === control)?.number ?? 0;
      switch (control.type) {
        case 'datetime':
          return `[#${number} 📅 ${control.label.text}]`;
        case 'select':
          return `[#${number} ${control.placeholder.text}: ${control.options.map((o) => o.label.text).join(' / ')}]`;
        default:
          return `[#${number} ${control.label.text}]`;
      }
    };
    const line: SeenLine = {
      at: new Date(),
      userId,
      ...where,
      summary: isForm ? item.title.text : summaryText(item.summary, zone),
      text: isForm ? renderFormText(item, numbered, zone) : renderMessageText(item, numbered, zone),
      controls,
      ...(isForm ? { form: item } : {}),
    };
    seen.push(line);
    options.onSeen?.(line);
    return line;
  };

  /** Shows adapter-composed text (an error, help) to one person. */
  const showText = (userId: string, text: string): SeenLine => {
    const line: SeenLine = {
      at: new Date(),
      userId,
      conversation: 'only you',
      conversationKind: 'reply',
      summary: text.split('\n')[0] ?? '',
      text,
      controls: [],
    };
    seen.push(line);
    options.onSeen?.(line);
    return line;
  };

  /** A file as a person would download it: kept in memory, and written to their folder under `filesDir`. */
  const keepFile = (userId: string, file: Gated<Attachment>): NonNullable<SeenLine['file']> => {
    const text = file.content
      .map((part) => (part.kind === 'private' ? revealPrivateText(part.text) : part.text))
      .join('');
    const content = PrivateText.of(text);
    files.set(`${userId}/${file.name}`, content);
    const bytes = Buffer.byteLength(text);
    if (!options.filesDir) return { name: file.name, bytes, content };
    const folder = join(options.filesDir, userId.replace(/[^A-Za-z0-9_-]/g, '_'));
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const path = join(folder, file.name.replace(/[^A-Za-z0-9._-]/g, '_'));
    writeFileSync(path, text, { mode: 0o600 });
    return { name: file.name, bytes, content, path };
  };

  const messenger: Messenger = {
    platform: 'local',
    async openSpace(request: SpaceRequest) {
      // A coaching space opens afresh for each coach (its title names the coach): never reuse the previous
      // coach's conversation, whose members include them.
      const id = `${request.kind}:${request.engagementId}${request.kind === 'coaching' ? `:${request.title}` : ''}`;
      open(id, request.title, request.kind, request.memberPlatformUserIds);
      return { conversation: id };
    },
    async openDirect(userId: string) {
      open(`dm:${userId}`, 'DM with Triad', 'dm', [userId]);
      return { conversation: `dm:${userId}` };
    },
    async send(address: unknown, message: Gated<OutboundMessage>, sendOptions: SendOptions) {
      const conversation = conversationOf(address);
      counter += 1;
      const id = `m${counter}`;
      const threadId = (sendOptions.threadAddress as { thread?: string } | undefined)?.thread;
      const threadStart = threadId
        ? conversation.messages.find((m) => m.id === threadId)?.summary
        : undefined;
      // A thread is named after its first message, up to its details ("Kickoff meeting scheduled").
      const thread = threadStart?.split(': ')[0];
      conversation.messages.push({
        id,
        outboxId: sendOptions.outboxId,
        at: new Date(),
        summary: message.summary.text,
      });
      for (const member of conversation.members) {
        const where = {
          conversation: conversation.title,
          conversationKind: conversation.kind,
          outboxId: sendOptions.outboxId,
          ...(thread ? { thread } : {}),
        };
        record(member, message, where);
        // The message's file (a calendar invite), beside it for every member, as Slack shows an upload.
        if (message.file) {
          const kept = keepFile(member, message.file as Gated<Attachment>);
          const line: SeenLine = {
            at: new Date(),
            userId: member,
            ...where,
            summary: kept.name,
            text: `📎 ${kept.name} (${kept.bytes} bytes)${kept.path ? ` — saved as ${kept.path}` : ''}`,
            controls: [],
            file: kept,
          };
          seen.push(line);
          options.onSeen?.(line);
        }
      }
      return {
        messageId: id,
        ...(sendOptions.threadAddress
          ? {}
          : { threadAddress: { conversation: conversation.id, thread: id } }),
      };
    },
    async findSent(address: unknown, outboxId: string) {
      return conversationOf(address).messages.find((m) => m.outboxId === outboxId)?.id;
    },
    async retract(address: unknown, messageId: string) {
      const conversation = conversationOf(address);
      const message = conversation.messages.find((m) => m.id === messageId);
      if (!message) return;
      conversation.messages = conversation.messages.filter((m) => m !== message);
      for (const line of seen) {
        if (line.outboxId !== message.outboxId || line.retracted) continue;
        line.text = '(removed)';
        line.controls = [];
        line.retracted = true;
      }
      for (const member of conversation.members) {
        const line: SeenLine = {
          at: new Date(),
          userId: member,
          conversation: conversation.title,
          conversationKind: conversation.kind,
          summary: `Triad removed “${message.summary}”`,
          text: `🗑 Triad removed the message “${message.summary}”.`,
          controls: [],
        };
        seen.push(line);
        options.onSeen?.(line);
      }
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
    profileOf: (userId: string) => people.get(userId),
    /** Shows an immediate reply (ephemeral message or modal) to the one person who acted. */
    showReply(userId: string, item: Gated<OutboundMessage> | Gated<Form>): SeenLine {
      return record(userId, item, { conversation: 'only you', conversationKind: 'reply' });
    },
    /**
     * The file of a gated reply (the client's export), sent to that one person: kept in memory, written to their
     * folder under `filesDir` when there is one (readable by the owner only), and shown as a file line.
     */
    showFile(userId: string, file: Gated<Attachment>): SeenLine {
      const kept = keepFile(userId, file);
      const line = showText(
        userId,
        `📎 ${file.name} (${kept.bytes} bytes, for you only)${kept.path ? ` — saved as ${kept.path}` : ''}`,
      );
      line.file = kept;
      return line;
    },
    /** The content of a file sent to a person, as they would download it. */
    fileOf: (userId: string, name: string) => files.get(`${userId}/${name}`),
    /** Shows adapter-composed text (an error, help) to one person. */
    showText,
    seen,
    seenBy: (userId: string) => seen.filter((line) => line.userId === userId),
    /** The control a person saw under `number`. */
    controlOf: (userId: string, number: number): SeenControl | undefined =>
      seen
        .filter((line) => line.userId === userId)
        .flatMap((line) => line.controls)
        .find((c) => c.number === number),
    membersOf: (conversationId: string) => [...(conversations.get(conversationId)?.members ?? [])],
  };
}

export type LocalPlatform = ReturnType<typeof createLocalPlatform>;
