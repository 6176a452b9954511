import {
  CardFactory,
  type ConversationParameters,
  type ConversationReference,
  TeamsInfo,
  type TurnContext,
} from 'botbuilder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeAadCredentialsFactory } from '../bot-framework-tokens.js';
import {
  type BotEndpoint,
  botAccount,
  botAddedActivity,
  createTestCloudAdapter,
  type FakeBotConnector,
  type FakeTeamsUser,
  inboundActivity,
  postActivity,
  startBotEndpoint,
  startFakeBotConnector,
} from './index.js';

// Local mode (no credentials): these tests are about the connector's behaviour, not authentication.
const adapter = () => createTestCloudAdapter(createFakeAadCredentialsFactory({}));

let fake: FakeBotConnector;
let client: FakeTeamsUser;
let sponsor: FakeTeamsUser;
let coach: FakeTeamsUser;

beforeEach(async () => {
  fake = await startFakeBotConnector();
  client = fake.addUser({ name: 'Casey Client', email: 'casey@example.com' });
  sponsor = fake.addUser({ name: 'Sam Sponsor' });
  coach = fake.addUser({ name: 'Cleo Coach' });
});

afterEach(async () => {
  await fake.close();
});

function referenceTo(conversationId: string): Partial<ConversationReference> {
  const conversation = fake.conversations.get(conversationId);
  return {
    channelId: 'msteams',
    serviceUrl: fake.serviceUrl,
    bot: botAccount(),
    conversation: { id: conversationId, isGroup: conversation?.conversationType !== 'personal' } as never,
  };
}

async function sendTo(conversationId: string, text: string): Promise<void> {
  await adapter().continueConversationAsync('', referenceTo(conversationId), async (context) => {
    await context.sendActivity(text);
  });
}

describe('fault injection', () => {
  it('answers with the injected status, Retry-After and Teams error body, for `times` requests', async () => {
    const dm = fake.addConversation({ conversationType: 'personal', memberIds: [client.id] });
    fake.setFault({ status: 429, retryAfterSeconds: 7, times: 1, code: 'Throttled' });
    const url = `${fake.serviceUrl}v3/conversations/${encodeURIComponent(dm.id)}/activities`;
    const post = () => fetch(url, { method: 'POST', body: JSON.stringify({ type: 'message', text: 'x' }) });

    const throttled = await post();
    const next = await post();

    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect(await throttled.json()).toEqual({ error: { code: 'Throttled', message: 'Injected fault' } });
    expect(next.status).toBe(200);
  });

  it('lets botbuilder retry a single 429 after Retry-After, so the message is delivered once', async () => {
    const dm = fake.addConversation({ conversationType: 'personal', memberIds: [client.id] });
    fake.setFault({ status: 429, retryAfterSeconds: 0, times: 1 });

    await sendTo(dm.id, 'Your weekly reflection prompt');

    expect(fake.requests.map((request) => request.status)).toEqual([429, 200]);
    expect(fake.activitiesIn(dm.id).map((a) => a.activity?.text)).toEqual(['Your weekly reflection prompt']);
  });

  it('surfaces a persistent 429 as an error with statusCode 429 after botbuilder gives up', async () => {
    const dm = fake.addConversation({ conversationType: 'personal', memberIds: [client.id] });
    fake.setFault({ status: 429, retryAfterSeconds: 0 });

    const failure = await sendTo(dm.id, 'never delivered').catch((error: unknown) => error);

    expect(failure).toMatchObject({ statusCode: 429 });
    expect(fake.requests.map((request) => request.status)).toEqual([429, 429, 429, 429]);
    expect(fake.activities).toEqual([]);
  });

  it('retries a single 500 and delivers the message', async () => {
    const dm = fake.addConversation({ conversationType: 'personal', memberIds: [client.id] });
    fake.setFault({ status: 500, operation: ['sendToConversation', 'replyToActivity'], times: 1 });

    await sendTo(dm.id, 'Reminder: alignment meeting tomorrow');

    expect(fake.requests.map((request) => request.status)).toEqual([500, 200]);
    expect(fake.activitiesIn(dm.id)).toHaveLength(1);
  });

  it('fails only the faulted conversation, until the faults are cleared', async () => {
    const blocked = fake.addConversation({ conversationType: 'personal', memberIds: [client.id] });
    const open = fake.addConversation({ conversationType: 'personal', memberIds: [sponsor.id] });
    fake.setFault({ status: 403, conversationId: blocked.id, code: 'ConversationBlockedByUser' });

    const failure = await sendTo(blocked.id, 'blocked').catch((error: unknown) => error);
    await sendTo(open.id, 'open');
    fake.clearFaults();
    await sendTo(blocked.id, 'unblocked');

    expect(failure).toMatchObject({ statusCode: 403 });
    expect(fake.activitiesIn(blocked.id).map((a) => a.activity?.text)).toEqual(['unblocked']);
    expect(fake.activitiesIn(open.id).map((a) => a.activity?.text)).toEqual(['open']);
  });

  it('times a request out by holding it and closing the connection: botbuilder retries, the message goes once', async () => {
    const dm = fake.addConversation({ conversationType: 'personal', memberIds: [client.id] });
    fake.setFault({ status: 504, operation: 'replyToActivity', hangMs: 50, drop: true, times: 1 });

    await sendTo(dm.id, 'Your kickoff is tomorrow');

    expect(fake.requests.map((request) => [request.status, request.faulted ?? false])).toEqual([
      [0, true],
      [200, false],
    ]);
    expect(fake.activitiesIn(dm.id).map((a) => a.activity?.text)).toEqual(['Your kickoff is tomorrow']);
  });

  it('records what a faulted call carried, so a scan also sees what was attempted', async () => {
    const dm = fake.addConversation({ conversationType: 'personal', memberIds: [client.id] });
    fake.setFault({ status: 500, times: 1 });

    await sendTo(dm.id, 'attempted twice');

    expect(fake.requests.map((request) => (request.body as { text?: string }).text)).toEqual([
      'attempted twice',
      'attempted twice',
    ]);
    expect(fake.requests[0]?.faulted).toBe(true);
  });

  it('answers 404 for a conversation Teams does not know', async () => {
    const failure = await sendTo('a:unknown', 'lost').catch((error: unknown) => error);

    expect(failure).toMatchObject({ statusCode: 404 });
  });
});

describe('activities and their text', () => {
  // continueConversationAsync stamps a continuation id, so botbuilder sends proactive messages as replies to it.
  it('keeps the current state of updated and deleted cards and scans every string sent', async () => {
    const dm = fake.addConversation({ conversationType: 'personal', memberIds: [client.id] });
    await adapter().continueConversationAsync('', referenceTo(dm.id), async (context) => {
      const card = CardFactory.adaptiveCard({
        type: 'AdaptiveCard',
        body: [{ type: 'TextBlock', text: 'CANARY-1' }],
      });
      const sent = await context.sendActivity({ attachments: [card] });
      const notice = await context.sendActivity('temporary notice');
      await context.updateActivity({ id: sent?.id, type: 'message', text: 'Shared with your coach' });
      await context.deleteActivity(notice?.id ?? '');
    });

    const conversation = fake.conversations.get(dm.id);
    expect(fake.activitiesIn(dm.id).map((a) => a.operation)).toEqual([
      'replyToActivity',
      'replyToActivity',
      'updateActivity',
      'deleteActivity',
    ]);
    expect([...(conversation?.messages.values() ?? [])].map((m) => m.text)).toEqual([
      'Shared with your coach',
    ]);
    expect(fake.allOutboundText()).toContain('CANARY-1');
  });

  it('refuses to create a group chat, as Teams does, and records nothing', async () => {
    const parameters = {
      isGroup: true,
      bot: botAccount(),
      members: [{ id: client.id }, { id: sponsor.id }],
      channelData: {},
    } as unknown as ConversationParameters;

    const failure = await adapter()
      .createConversationAsync('', 'msteams', fake.serviceUrl, undefined as never, parameters, async () => {})
      .catch((error: unknown) => error);

    expect(failure).toMatchObject({ statusCode: 400 });
    expect(fake.conversations.size).toBe(0);
  });
});

describe('rosters through TeamsInfo', () => {
  let bot: BotEndpoint;
  const seen: Record<string, unknown> = {};

  beforeEach(async () => {
    bot = await startBotEndpoint(adapter(), async (context: TurnContext) => {
      const paged = await TeamsInfo.getPagedMembers(context);
      seen.roster = paged.members.map((member) => member.name);
      seen.member = await TeamsInfo.getMember(context, client.id);
      seen.missing = await TeamsInfo.getMember(context, '29:nobody').catch((error: unknown) => error);
      if (context.activity.channelData?.team) {
        seen.team = await TeamsInfo.getTeamDetails(context);
        seen.channels = await TeamsInfo.getTeamChannels(context);
      }
    });
  });

  afterEach(async () => {
    await bot.close();
  });

  it('lists a group chat that HR created and added the bot to', async () => {
    const chat = fake.addConversation({
      conversationType: 'groupChat',
      memberIds: [client.id, sponsor.id, coach.id],
      topicName: 'Sponsor space',
    });

    const result = await postActivity(
      bot.url,
      botAddedActivity(fake, { conversationId: chat.id, byUserId: sponsor.id }),
    );

    expect(result.status).toBe(200);
    expect(bot.turns[0]?.membersAdded).toEqual([botAccount()]);
    expect(seen.roster).toEqual(['Casey Client', 'Sam Sponsor', 'Cleo Coach']);
    expect(seen.member).toMatchObject({
      id: client.id,
      email: 'casey@example.com',
      aadObjectId: client.aadObjectId,
    });
    expect(seen.missing).toMatchObject({ statusCode: 404 });
  });

  it('describes the team and channels of a channel message', async () => {
    const team = fake.addTeam({
      name: 'Leadership coaching',
      memberIds: [client.id, coach.id],
      channels: [{ name: 'General' }, { name: 'Cohort 1' }],
    });
    const channelId = team.channels[1]?.id ?? '';
    const message = inboundActivity(fake, {
      conversationId: channelId,
      fromUserId: coach.id,
      text: 'help',
      mentionBot: true,
    });

    await postActivity(bot.url, message);

    expect(bot.turns[0]?.text).toBe('<at>Triad</at> help');
    expect(seen.roster).toEqual(['Casey Client', 'Cleo Coach']);
    expect(seen.team).toMatchObject({
      id: team.id,
      name: 'Leadership coaching',
      memberCount: 2,
      channelCount: 2,
    });
    expect(seen.channels).toEqual(team.channels);
  });
});
