import { bool, compareTs, fail, list, page, str } from './args.js';
import type { MethodContext, MethodTable } from './method-context.js';
import type { FakeConversation, StoredMessage } from './types.js';
import type { FakeWorkspace } from './workspace.js';

const CHANNEL_NAME = /^[a-z0-9_-]+$/;
const CHANNEL_NAME_MAX = 80;
const MAX_INVITES = 1000;
const CONVERSATION_TYPES = new Set(['public_channel', 'private_channel', 'mpim', 'im']);

/** The conversation object as Slack's conversations.* methods return it. */
export function conversationView(ws: FakeWorkspace, c: FakeConversation): Record<string, unknown> {
  const base = {
    id: c.id,
    created: c.created,
    is_archived: c.is_archived,
    is_im: c.is_im,
    is_mpim: c.is_mpim,
    is_private: c.is_private,
    is_org_shared: false,
    context_team_id: ws.identity.teamId,
  };
  if (c.is_im) return { ...base, user: c.user, is_open: true, priority: 0 };
  return {
    ...base,
    name: c.name,
    name_normalized: c.name,
    is_channel: c.is_channel,
    is_group: c.is_group,
    is_general: false,
    is_shared: false,
    is_ext_shared: false,
    is_member: ws.isMember(c, ws.identity.botUserId),
    creator: c.creator,
    topic: c.topic,
    purpose: c.purpose,
    previous_names: [],
    num_members: c.members.length,
  };
}

/** A channel the bot must be in: `not_in_channel` for public channels it has not joined. */
function memberChannel({ ws, args }: MethodContext): FakeConversation {
  const conversation = ws.resolveChannel(str(args, 'channel'));
  if (!ws.isMember(conversation, ws.identity.botUserId)) fail('not_in_channel');
  return conversation;
}

function groupChannel(ctx: MethodContext): FakeConversation {
  const conversation = memberChannel(ctx);
  if (conversation.is_im || conversation.is_mpim) fail('method_not_supported_for_channel_type');
  return conversation;
}

/** A message as conversations.history shows it; metadata only when asked for. */
function shown(message: StoredMessage, withMetadata: boolean): Record<string, unknown> {
  const { channel: _channel, metadata, ...rest } = message;
  const copy: Record<string, unknown> = structuredClone(rest);
  if (withMetadata && metadata) copy.metadata = structuredClone(metadata);
  return copy;
}

function inRange(ts: string, args: Record<string, unknown>): boolean {
  const inclusive = bool(args, 'inclusive') ?? false;
  const oldest = str(args, 'oldest');
  const latest = str(args, 'latest');
  if (oldest !== undefined) {
    const order = compareTs(ts, oldest);
    if (order < 0 || (order === 0 && !inclusive)) return false;
  }
  if (latest !== undefined) {
    const order = compareTs(ts, latest);
    if (order > 0 || (order === 0 && !inclusive)) return false;
  }
  return true;
}

export const conversationMethods: MethodTable = {
  'conversations.open': ({ ws, args }) => {
    const channel = str(args, 'channel');
    const users = list(args, 'users');
    const returnIm = bool(args, 'return_im') ?? false;
    let opened: { conversation: FakeConversation; already: boolean };
    if (channel !== undefined && users.length === 0) {
      const conversation = ws.resolveChannel(channel);
      if (!conversation.is_im && !conversation.is_mpim) fail('method_not_supported_for_channel_type');
      opened = { conversation, already: true };
    } else if (users.length === 0) {
      return fail('users_list_not_supplied');
    } else if (users.length === 1) {
      opened = ws.openIm(users[0] as string);
    } else {
      opened = ws.openMpim(users);
    }
    const { conversation, already } = opened;
    const channelBody = returnIm || already ? conversationView(ws, conversation) : { id: conversation.id };
    return already ? { no_op: true, already_open: true, channel: channelBody } : { channel: channelBody };
  },

  'conversations.create': ({ ws, args }) => {
    const name = str(args, 'name') ?? '';
    if (name === '') fail('invalid_name_required');
    if (name.length > CHANNEL_NAME_MAX) fail('invalid_name_maxlength');
    if (/^[-_]+$/.test(name)) fail('invalid_name_punctuation');
    if (!CHANNEL_NAME.test(name)) fail('invalid_name_specials');
    if (ws.conversationByName(name)) fail('name_taken');
    const conversation = ws.addConversation({ name, is_private: bool(args, 'is_private') ?? false });
    return { channel: conversationView(ws, conversation) };
  },

  'conversations.invite': (ctx) => {
    const { ws, args } = ctx;
    const conversation = groupChannel(ctx);
    const users = list(args, 'users');
    if (users.length === 0) fail('no_user');
    if (users.length > MAX_INVITES) fail('too_many_users');
    const force = bool(args, 'force') ?? false;
    const toAdd: string[] = [];
    for (const id of users) {
      if (id === ws.identity.botUserId) fail('cant_invite_self');
      const user = ws.userOrFail(id);
      if (user.deleted) fail('cant_invite');
      if (ws.isMember(conversation, id)) {
        if (!force) fail('already_in_channel');
        continue;
      }
      toAdd.push(id);
    }
    conversation.members.push(...toAdd);
    return { channel: conversationView(ws, conversation) };
  },

  'conversations.kick': (ctx) => {
    const { ws, args } = ctx;
    const conversation = groupChannel(ctx);
    const userId = str(args, 'user');
    if (userId === undefined) fail('no_user');
    if (userId === ws.identity.botUserId) fail('cant_kick_self');
    ws.userOrFail(userId);
    if (!ws.isMember(conversation, userId)) fail('not_in_channel');
    conversation.members = conversation.members.filter((id) => id !== userId);
    return { errors: {} };
  },

  'conversations.members': ({ ws, args }) => {
    const conversation = ws.resolveChannel(str(args, 'channel'));
    const { items, next_cursor } = page(conversation.members, args, 100);
    return { members: items, response_metadata: { next_cursor } };
  },

  /**
   * As for a bot token: every public channel, and the private channels, MPIMs and IMs the bot is in; `types`
   * defaults to public_channel; cursor paging like Slack's.
   */
  'conversations.list': ({ ws, args }) => {
    const types = new Set(list(args, 'types'));
    if (types.size === 0) types.add('public_channel');
    for (const type of types) if (!CONVERSATION_TYPES.has(type)) fail('invalid_types');
    const excludeArchived = bool(args, 'exclude_archived') ?? false;
    const visible = [...ws.conversations.values()].filter((c) => {
      if (excludeArchived && c.is_archived) return false;
      const type = c.is_im ? 'im' : c.is_mpim ? 'mpim' : c.is_private ? 'private_channel' : 'public_channel';
      if (!types.has(type)) return false;
      return type === 'public_channel' || ws.isMember(c, ws.identity.botUserId);
    });
    const { items, next_cursor } = page(visible, args, 100);
    return {
      channels: items.map((c) => conversationView(ws, c)),
      response_metadata: { next_cursor },
    };
  },

  'conversations.info': ({ ws, args }) => {
    const conversation = ws.resolveChannel(str(args, 'channel'));
    return { channel: conversationView(ws, conversation) };
  },

  'conversations.history': (ctx) => {
    const { ws, args } = ctx;
    const conversation = memberChannel(ctx);
    const withMetadata = bool(args, 'include_all_metadata') ?? false;
    const topLevel = ws
      .messagesOf(conversation.id)
      .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts || m.reply_broadcast === true)
      .filter((m) => inRange(m.ts, args))
      .reverse();
    const { items, next_cursor } = page(topLevel, args, 100);
    return {
      messages: items.map((m) => shown(m, withMetadata)),
      has_more: next_cursor !== '',
      pin_count: 0,
      channel_actions_ts: null,
      channel_actions_count: 0,
      response_metadata: { next_cursor },
    };
  },

  'conversations.replies': (ctx) => {
    const { ws, args } = ctx;
    const conversation = memberChannel(ctx);
    const ts = str(args, 'ts');
    const parent = ws.findMessage(conversation.id, ts);
    if (!parent) fail('thread_not_found');
    const withMetadata = bool(args, 'include_all_metadata') ?? false;
    const thread = ws
      .messagesOf(conversation.id)
      .filter((m) => m.ts === parent.ts || (m.thread_ts === parent.ts && m.ts !== parent.ts))
      .filter((m) => m.ts === parent.ts || inRange(m.ts, args));
    const { items, next_cursor } = page(thread, args, 1000);
    return {
      messages: items.map((m) => shown(m, withMetadata)),
      has_more: next_cursor !== '',
      response_metadata: { next_cursor },
    };
  },
};
