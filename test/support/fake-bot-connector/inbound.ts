import type { Activity, ChannelAccount } from 'botbuilder';
import type { FakeBotConnector } from './fake-bot-connector.js';

export const FAKE_BOT_NAME = 'Triad';

let inboundSequence = 0;

export interface InboundActivityInput {
  conversationId: string;
  /** Sender (`29:` id); omitted for system events. */
  fromUserId?: string;
  type?: 'message' | 'invoke' | 'conversationUpdate' | 'installationUpdate' | 'messageReaction';
  /** Invoke name, e.g. `adaptiveCard/action`. */
  name?: string;
  text?: string;
  /** Card submit data (message with `value`) or invoke payload. */
  value?: unknown;
  replyToId?: string;
  /** Prefixes `<at>Triad</at> ` and adds the mention entity, as Teams does in channels and group chats. */
  mentionBot?: boolean;
  membersAdded?: ChannelAccount[];
  membersRemoved?: ChannelAccount[];
  /** Bot's Microsoft App ID; the recipient becomes `28:<appId>`. */
  botAppId?: string;
  /** IANA zone Teams reports in the clientInfo entity. */
  timezone?: string;
  locale?: string;
}

/** The bot's channel account as Teams addresses it. */
export function botAccount(botAppId = 'local-triad'): ChannelAccount {
  return { id: `28:${botAppId}`, name: FAKE_BOT_NAME };
}

/**
 * An activity shaped like the ones Teams posts to `/api/messages` for a conversation the fake knows,
 * with `serviceUrl` pointing at the fake so that the bot's replies land there.
 */
export function inboundActivity(fake: FakeBotConnector, input: InboundActivityInput): Partial<Activity> {
  const conversation = fake.conversations.get(input.conversationId);
  if (!conversation) throw new Error(`The fake connector has no conversation ${input.conversationId}`);
  const bot = botAccount(input.botAppId);
  const from = input.fromUserId ? fake.users.get(input.fromUserId) : undefined;
  if (input.fromUserId && !from) throw new Error(`The fake connector has no user ${input.fromUserId}`);
  const team = conversation.teamId ? fake.teams.get(conversation.teamId) : undefined;
  const channel = team?.channels.find((c) => c.id === conversation.channelId);
  const mention = `<at>${FAKE_BOT_NAME}</at>`;
  const text = input.text !== undefined && input.mentionBot ? `${mention} ${input.text}` : input.text;
  const locale = input.locale ?? 'en-GB';
  const entities: Array<{ type: string; [key: string]: unknown }> = [
    {
      type: 'clientInfo',
      locale,
      country: 'GB',
      platform: 'Web',
      timezone: input.timezone ?? 'Europe/London',
    },
  ];
  if (input.mentionBot) entities.push({ type: 'mention', mentioned: bot, text: mention });

  return {
    type: input.type ?? 'message',
    name: input.name,
    id: String(1_800_000_000_000 + ++inboundSequence),
    timestamp: new Date(),
    serviceUrl: fake.serviceUrl,
    channelId: 'msteams',
    from: from
      ? { id: from.id, name: from.name, aadObjectId: from.aadObjectId }
      : { id: conversation.memberIds[0] ?? 'unknown', name: '' },
    conversation: {
      id: conversation.id,
      conversationType: conversation.conversationType,
      tenantId: conversation.tenantId,
      isGroup: conversation.conversationType !== 'personal',
      name: conversation.topicName ?? '',
    },
    recipient: bot,
    text,
    textFormat: text === undefined ? undefined : 'plain',
    value: input.value,
    replyToId: input.replyToId,
    locale,
    entities,
    membersAdded: input.membersAdded,
    membersRemoved: input.membersRemoved,
    channelData: {
      tenant: { id: conversation.tenantId },
      ...(team ? { team: { id: team.id, name: team.name, aadGroupId: team.aadGroupId } } : {}),
      ...(channel ? { channel: { id: channel.id, name: channel.name } } : {}),
    },
  };
}

/** The `conversationUpdate` Teams sends when someone adds the bot to a group chat or team. */
export function botAddedActivity(
  fake: FakeBotConnector,
  input: { conversationId: string; byUserId: string; botAppId?: string },
): Partial<Activity> {
  return inboundActivity(fake, {
    type: 'conversationUpdate',
    conversationId: input.conversationId,
    fromUserId: input.byUserId,
    botAppId: input.botAppId,
    membersAdded: [botAccount(input.botAppId)],
  });
}

export interface PostResult {
  status: number;
  body: string;
}

/** POSTs an activity to a bot endpoint, as the Bot Framework channel does. */
export async function postActivity(
  endpointUrl: string,
  activity: Partial<Activity>,
  options: { authorization?: string } = {},
): Promise<PostResult> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.authorization) headers.Authorization = options.authorization;
  const response = await fetch(endpointUrl, { method: 'POST', headers, body: JSON.stringify(activity) });
  return { status: response.status, body: await response.text() };
}
