import { type Args, bool, fail, isRecord, str } from './args.js';
import { assertValidBlocks, BLOCK_LIMITS } from './block-rules.js';
import type { MethodContext, MethodTable } from './method-context.js';
import type { FakeConversation, MessageMetadata, StoredMessage } from './types.js';

const MAX_ATTACHMENTS = 100;

interface Content {
  text: string | undefined;
  blocks: unknown[] | undefined;
  attachments: unknown[] | undefined;
}

/** text / blocks / attachments with Slack's checks: no_text, msg_too_long, invalid_blocks … */
function readContent(args: Args): Content {
  const text = str(args, 'text');
  const blocks = assertValidBlocks(args.blocks, 'message');
  let attachments: unknown[] | undefined;
  if (args.attachments !== undefined && args.attachments !== '') {
    if (!Array.isArray(args.attachments)) fail('invalid_attachments');
    if (args.attachments.length > MAX_ATTACHMENTS) fail('too_many_attachments');
    attachments = args.attachments;
  }
  const empty = (text === undefined || text === '') && !blocks?.length && !attachments?.length;
  if (empty) fail('no_text');
  if (text !== undefined && text.length > BLOCK_LIMITS.messageText) fail('msg_too_long');
  return { text, blocks, attachments };
}

function readMetadata(args: Args): MessageMetadata | undefined | null {
  const raw = args.metadata;
  if (raw === undefined || raw === '') return undefined;
  if (!isRecord(raw)) return fail('invalid_metadata_format');
  if (Object.keys(raw).length === 0) return null;
  if (typeof raw.event_type !== 'string' || raw.event_type === '' || !isRecord(raw.event_payload)) {
    return fail('invalid_metadata_schema');
  }
  return { event_type: raw.event_type, event_payload: raw.event_payload };
}

/** Resolves the channel and insists the bot can post there. */
function postableChannel({ ws, args }: MethodContext): FakeConversation {
  const conversation = ws.resolveChannel(str(args, 'channel'));
  if (conversation.is_archived) fail('is_archived');
  if (!ws.isMember(conversation, ws.identity.botUserId)) fail('not_in_channel');
  return conversation;
}

/** The message as Slack echoes it back in chat.* responses. */
function echoed(message: StoredMessage): Record<string, unknown> {
  const { channel: _channel, ...rest } = message;
  return structuredClone(rest);
}

function existingMessage(ctx: MethodContext, tsKey: string): StoredMessage {
  const conversation = ctx.ws.resolveChannel(str(ctx.args, 'channel'));
  const message = ctx.ws.findMessage(conversation.id, str(ctx.args, tsKey));
  if (!message) return fail('message_not_found');
  return message;
}

export const chatMethods: MethodTable = {
  'chat.postMessage': (ctx) => {
    const { ws, args } = ctx;
    const conversation = postableChannel(ctx);
    const content = readContent(args);
    const metadata = readMetadata(args);
    let threadTs = str(args, 'thread_ts');
    if (threadTs !== undefined) {
      const parent = ws.findMessage(conversation.id, threadTs);
      if (parent?.thread_ts !== undefined) threadTs = parent.thread_ts;
    }
    const { identity } = ws;
    const message: StoredMessage = {
      type: 'message',
      channel: conversation.id,
      ts: ws.nextTs(),
      user: identity.botUserId,
      bot_id: identity.botId,
      app_id: identity.appId,
      team: identity.teamId,
      text: content.text ?? '',
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ...(content.attachments ? { attachments: content.attachments } : {}),
      ...(metadata ? { metadata } : {}),
      ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
      ...(threadTs !== undefined && bool(args, 'reply_broadcast') ? { reply_broadcast: true } : {}),
      ...(bool(args, 'unfurl_links') !== undefined ? { unfurl_links: bool(args, 'unfurl_links') } : {}),
      ...(bool(args, 'unfurl_media') !== undefined ? { unfurl_media: bool(args, 'unfurl_media') } : {}),
    };
    ws.addMessage(message);
    return { channel: conversation.id, ts: message.ts, message: echoed(message) };
  },

  'chat.postEphemeral': (ctx) => {
    const { ws, args } = ctx;
    const conversation = postableChannel(ctx);
    const user = ws.userOrFail(str(args, 'user'));
    if (!ws.isMember(conversation, user.id)) fail('user_not_in_channel');
    const content = readContent(args);
    const messageTs = ws.nextTs();
    const threadTs = str(args, 'thread_ts');
    ws.ephemerals.push({
      channel: conversation.id,
      user: user.id,
      message_ts: messageTs,
      text: content.text ?? '',
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ...(content.attachments ? { attachments: content.attachments } : {}),
      ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
    });
    return { message_ts: messageTs };
  },

  'chat.update': (ctx) => {
    const { ws, args } = ctx;
    const message = existingMessage(ctx, 'ts');
    if (message.user !== ws.identity.botUserId) fail('cant_update_message');
    const content = readContent(args);
    const metadata = readMetadata(args);
    message.text = content.text ?? '';
    if (content.blocks) message.blocks = content.blocks;
    else if ('blocks' in args) delete message.blocks;
    if (content.attachments) message.attachments = content.attachments;
    if (metadata === null) delete message.metadata;
    else if (metadata) message.metadata = metadata;
    message.edited = { user: ws.identity.botUserId, ts: ws.nextTs() };
    return { channel: message.channel, ts: message.ts, text: message.text, message: echoed(message) };
  },

  'chat.delete': (ctx) => {
    const { ws } = ctx;
    const message = existingMessage(ctx, 'ts');
    if (message.user !== ws.identity.botUserId) fail('cant_delete_message');
    ws.removeMessage(message.channel, message.ts);
    return { channel: message.channel, ts: message.ts };
  },

  'chat.getPermalink': (ctx) => {
    const { ws } = ctx;
    const message = existingMessage(ctx, 'message_ts');
    const base = `https://${ws.identity.domain}.slack.com/archives/${message.channel}/p${message.ts.replace('.', '')}`;
    const isReply = message.thread_ts !== undefined && message.thread_ts !== message.ts;
    const permalink = isReply ? `${base}?thread_ts=${message.thread_ts}&cid=${message.channel}` : base;
    return { channel: message.channel, permalink };
  },
};
