import type * as webApi from '@slack/web-api';
import { z } from 'zod';
import type { Gated } from '../../src/confidentiality/outbound-gate.js';
import type { OutboundMessage } from '../../src/messages/message.js';
import {
  DeliveryError,
  type Messenger,
  type SendOptions,
  type SendResult,
  type SpaceRequest,
} from '../../src/ports/messenger.js';
import { platformErrorOf, toDeliveryError } from './delivery-errors.js';
import { imagesAsLinks, renderMessage, showsImages } from './render/blocks.js';
import { partText } from './render/text.js';

/** Where Triad posts on Slack: a conversation id (IM or private channel) — stored in Postgres as JSON. */
export const slackAddress = z.object({ channel: z.string().min(1) });
export type SlackAddress = z.infer<typeof slackAddress>;
/** A thread in a conversation: the ts of the message that started it. */
export const slackThreadAddress = z.object({ channel: z.string().min(1), threadTs: z.string().min(1) });
export type SlackThreadAddress = z.infer<typeof slackThreadAddress>;

/** The metadata event type every Triad message carries, with its outbox id as the payload. */
export const OUTBOX_EVENT_TYPE = 'triad_outbox';
const HISTORY_PAGES = 10;
/** Private channels the bot is in, 200 a page: enough for 5,000 engagements' spaces. */
const CHANNEL_LIST_PAGES = 50;
/** The space's name, then `-2` … `-5` when a name is held by a channel that is not the space's. */
const SPACE_NAME_CANDIDATES = 5;
/** Members read at most (200 a page): far more than an engagement space ever holds. */
const MEMBER_PAGES = 5;

/**
 * A Web API argument as the JSON text the client would send for it anyway (it form-encodes an object argument as
 * JSON, and passes a string as it is): the same request, but the client's per-call debug copy of the arguments
 * (a key-by-key walk, dropped by our logger) sees one string instead of every block.
 */
const asFormJson = <T>(value: T): T => JSON.stringify(value) as unknown as T;

/** Who a Web API call acts as when its client is shared: the workspace's token, passed with the call. */
export interface ActingAs {
  token?: string;
}

function addressOf(address: unknown): SlackAddress {
  const parsed = slackAddress.safeParse(address);
  if (!parsed.success) throw new DeliveryError('invalid_address', false);
  return parsed.data;
}

/** A Slack channel name from the core's content-free title: lowercase letters, digits, - and _. */
export function channelName(request: Pick<SpaceRequest, 'title' | 'kind' | 'engagementId'>): string {
  const cleaned = request.title
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  const fallback = `triad-${request.kind.replace('_', '-')}-${request.engagementId.slice(0, 8)}`;
  return (cleaned === '' ? fallback : cleaned).slice(0, 72);
}

/**
 * The Messenger port on Slack's Web API. The client DM is the bot's IM with the client; the coaching and the
 * sponsor spaces are private channels the bot creates, so the coach can be invited on matching and removed
 * on reassignment (an MPIM's membership is fixed). Every message carries its outbox id as message metadata,
 * which `findSent` looks for after a crash.
 */
export class SlackMessenger implements Messenger {
  readonly platform = 'slack' as const;

  private botUser: Promise<string> | undefined;

  /**
   * @param actingAs The token each call passes, for a client shared by many workspaces (distribution mode: the
   *   client holds none); nothing for a client made with its workspace's token.
   */
  constructor(
    private readonly client: webApi.WebClient,
    private readonly actingAs: ActingAs = {},
  ) {}

  async openDirect(platformUserId: string): Promise<SlackAddress> {
    try {
      const opened = await this.client.conversations.open({ ...this.actingAs, users: platformUserId });
      const channel = opened.channel?.id;
      if (!channel) throw new DeliveryError('no_channel', true);
      return { channel };
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  async openSpace(request: SpaceRequest): Promise<SlackAddress> {
    if (request.kind === 'client_dm') {
      const [client] = request.memberPlatformUserIds;
      if (!client) throw new DeliveryError('no_members', false);
      return this.openDirect(client);
    }
    const members = [...new Set(request.memberPlatformUserIds)];
    const channel = await this.createPrivateChannel(channelName(request), members);
    if (members.length > 0) {
      try {
        await this.client.conversations.invite({
          ...this.actingAs,
          channel,
          users: members.join(','),
          force: true,
        });
      } catch (error) {
        if (platformErrorOf(error) !== 'already_in_channel') throw toDeliveryError(error);
      }
    }
    return { channel };
  }

  /**
   * Creates the space's private channel under its deterministic name, or under the next one (`-2` … `-5`)
   * when a name is held by a channel that is not the space's. A taken name is the space's own only when the
   * channel is the bot's (created by the bot user), unarchived, and holds no one but the bot and the space's
   * members: another delivery opening the same space right now, or an earlier attempt that crashed after
   * creating it. Anyone can create a private channel of that name and invite the bot, so a channel someone
   * else made (or one with a stranger in it) is never adopted: private content would reach its members.
   */
  private async createPrivateChannel(name: string, members: string[]): Promise<string> {
    for (let index = 1; index <= SPACE_NAME_CANDIDATES; index += 1) {
      const candidate = index === 1 ? name : `${name.slice(0, 72)}-${index}`;
      try {
        const created = await this.client.conversations.create({
          ...this.actingAs,
          name: candidate,
          is_private: true,
        });
        if (created.channel?.id) return created.channel.id;
        throw new DeliveryError('no_channel', true);
      } catch (error) {
        if (platformErrorOf(error) !== 'name_taken') throw toDeliveryError(error);
      }
      const own = await this.findOwnPrivateChannel(candidate);
      if (own && (await this.holdsOnly(own, members))) return own;
    }
    throw new DeliveryError('space_name_taken', true);
  }

  /**
   * The unarchived private channel named exactly `name` that the bot is in and created: a bot token lists only
   * the private channels it is a member of. Without the `groups:read` scope (an install from before it was
   * asked for) the channel cannot be found, and the next name is tried.
   */
  private async findOwnPrivateChannel(name: string): Promise<string | undefined> {
    const bot = await this.botUserId();
    try {
      let cursor: string | undefined;
      for (let page = 0; page < CHANNEL_LIST_PAGES; page += 1) {
        const listed = await this.client.conversations.list({
          ...this.actingAs,
          types: 'private_channel',
          exclude_archived: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
        const hit = (listed.channels ?? []).find((c) => c.name === name);
        if (hit) {
          const ours = hit.is_member !== false && hit.is_archived !== true && hit.creator === bot;
          return ours ? hit.id : undefined;
        }
        cursor = listed.response_metadata?.next_cursor || undefined;
        if (!cursor) return undefined;
      }
      return undefined;
    } catch (error) {
      if (platformErrorOf(error) === 'missing_scope') return undefined;
      throw toDeliveryError(error);
    }
  }

  /** Whether nobody but the given people (and the bot) is in the channel. */
  private async holdsOnly(channel: string, members: string[]): Promise<boolean> {
    const allowed = new Set(members);
    return (await this.listMembers({ channel })).every((member) => allowed.has(member));
  }

  /** The bot's own user id (`auth.test`), asked once per messenger: a token's identity does not change. */
  private async botUserId(): Promise<string> {
    this.botUser ??= this.client.auth.test({ ...this.actingAs }).then((identity) => {
      if (!identity.user_id) throw new DeliveryError('no_bot_user', true);
      return identity.user_id;
    });
    try {
      return await this.botUser;
    } catch (error) {
      this.botUser = undefined;
      throw toDeliveryError(error);
    }
  }

  /** The people in a channel (`conversations.members`), the bot left out. */
  async listMembers(address: unknown): Promise<string[]> {
    const { channel } = addressOf(address);
    const bot = await this.botUserId();
    const members: string[] = [];
    try {
      let cursor: string | undefined;
      for (let page = 0; page < MEMBER_PAGES; page += 1) {
        const listed = await this.client.conversations.members({
          ...this.actingAs,
          channel,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
        members.push(...(listed.members ?? []).filter((member) => member !== bot));
        cursor = listed.response_metadata?.next_cursor || undefined;
        if (!cursor) return members;
      }
      // More people than a coaching space could hold: report them all as far as read; the rule sees strangers.
      return members;
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  async send(address: unknown, message: Gated<OutboundMessage>, options: SendOptions): Promise<SendResult> {
    const { channel } = addressOf(address);
    const thread = slackThreadAddress.safeParse(options.threadAddress);
    const threadTs = thread.success && thread.data.channel === channel ? thread.data.threadTs : undefined;
    const { text, blocks } = renderMessage(message);
    const metadata = { event_type: OUTBOX_EVENT_TYPE, event_payload: { outbox_id: options.outboxId } };
    const post = (shown: typeof blocks) =>
      this.client.chat.postMessage({
        ...this.actingAs,
        channel,
        text,
        blocks: asFormJson(shown),
        unfurl_links: false,
        unfurl_media: false,
        metadata: asFormJson(metadata),
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
    try {
      // A photo Slack cannot download fails the whole message: it is sent again with the photo as a link.
      const posted = await post(blocks).catch((error: unknown) => {
        if (platformErrorOf(error) !== 'invalid_blocks' || !showsImages(blocks)) throw error;
        return post(imagesAsLinks(blocks));
      });
      const ts = posted.ts;
      if (!ts) throw new DeliveryError('no_ts', true);
      // The message's file (a calendar invite) goes to the same conversation and thread, to its members only.
      if (message.file) {
        await this.client.filesUploadV2({
          ...this.actingAs,
          channel_id: channel,
          thread_ts: threadTs ?? ts,
          file: Buffer.from(message.file.content.map(partText).join(''), 'utf8'),
          filename: message.file.name,
          title: message.file.name,
        });
      }
      const startedThread: SlackThreadAddress = { channel, threadTs: threadTs ?? ts };
      return { messageId: `${channel}:${ts}`, threadAddress: startedThread };
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  async findSent(address: unknown, outboxId: string, since: Date): Promise<string | undefined> {
    const { channel } = addressOf(address);
    const oldest = (Math.floor(since.getTime() / 1000) - 1).toString();
    try {
      let cursor: string | undefined;
      for (let page = 0; page < HISTORY_PAGES; page += 1) {
        const history = await this.client.conversations.history({
          ...this.actingAs,
          channel,
          oldest,
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
        for (const message of history.messages ?? []) {
          if (carries(message, outboxId)) return `${channel}:${message.ts}`;
          if (message.ts && (message.reply_count ?? 0) > 0) {
            const found = await this.findInThread(channel, message.ts, outboxId, oldest);
            if (found) return found;
          }
        }
        cursor = history.response_metadata?.next_cursor || undefined;
        if (!cursor) return undefined;
      }
      return undefined;
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  private async findInThread(channel: string, ts: string, outboxId: string, oldest: string) {
    const replies = await this.client.conversations.replies({
      ...this.actingAs,
      channel,
      ts,
      oldest,
      include_all_metadata: true,
      limit: 1000,
    });
    const hit = (replies.messages ?? []).find((m) => carries(m, outboxId));
    return hit?.ts ? `${channel}:${hit.ts}` : undefined;
  }

  /** Deletes a message the bot posted (`channel:ts`); one already deleted counts as done. */
  async retract(address: unknown, platformMessageId: string): Promise<void> {
    const { channel } = addressOf(address);
    const split = platformMessageId.lastIndexOf(':');
    const ts = platformMessageId.slice(split + 1);
    const where = split > 0 ? platformMessageId.slice(0, split) : channel;
    if (ts === '') throw new DeliveryError('invalid_message_id', false);
    try {
      await this.client.chat.delete({ ...this.actingAs, channel: where, ts });
    } catch (error) {
      if (platformErrorOf(error) !== 'message_not_found') throw toDeliveryError(error);
    }
  }

  async addMember(address: unknown, platformUserId: string): Promise<void> {
    const { channel } = addressOf(address);
    try {
      await this.client.conversations.invite({ ...this.actingAs, channel, users: platformUserId });
    } catch (error) {
      if (platformErrorOf(error) !== 'already_in_channel') throw toDeliveryError(error);
    }
  }

  /**
   * Invites an e-mail address from outside the workspace to a channel through Slack Connect
   * (`conversations.inviteShared`); Slack's refusals (`not_paid`, `restricted_action`, `not_allowed_token_type` …)
   * are permanent DeliveryErrors carrying Slack's code.
   */
  async inviteByEmail(address: unknown, email: string): Promise<string> {
    const { channel } = addressOf(address);
    try {
      const sent = await this.client.conversations.inviteShared({
        ...this.actingAs,
        channel,
        emails: [email],
      });
      if (!sent.invite_id) throw new DeliveryError('no_invite_id', true);
      return sent.invite_id;
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  async removeMember(address: unknown, platformUserId: string): Promise<void> {
    const { channel } = addressOf(address);
    try {
      await this.client.conversations.kick({ ...this.actingAs, channel, user: platformUserId });
    } catch (error) {
      if (platformErrorOf(error) !== 'not_in_channel') throw toDeliveryError(error);
    }
  }
}

function carries(message: { metadata?: { event_type?: string; event_payload?: unknown } }, outboxId: string) {
  const metadata = message.metadata;
  if (metadata?.event_type !== OUTBOX_EVENT_TYPE) return false;
  return (metadata.event_payload as { outbox_id?: unknown } | undefined)?.outbox_id === outboxId;
}
