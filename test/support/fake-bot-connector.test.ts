import { type ConversationParameters, type ConversationReference, TurnContext } from 'botbuilder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type BotFrameworkTokenServer,
  createFakeAadCredentialsFactory,
  createSigningKey,
  startBotFrameworkTokenServer,
} from './bot-framework-tokens.js';
import {
  type BotEndpoint,
  botAccount,
  createTestCloudAdapter,
  type FakeBotConnector,
  type FakeConversation,
  type FakeTeamsUser,
  inboundActivity,
  postActivity,
  startBotEndpoint,
  startFakeBotConnector,
} from './fake-bot-connector/index.js';

const APP_ID = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const APP_PASSWORD = 'test-only-password';
const TENANT_ID = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';

const echo = async (context: TurnContext) => {
  if (context.activity.type === 'message') await context.sendActivity(`You said: ${context.activity.text}`);
};

describe('a CloudAdapter with an app id and password (single tenant)', () => {
  let tokens: BotFrameworkTokenServer;
  let fake: FakeBotConnector;
  let bot: BotEndpoint;
  let hr: FakeTeamsUser;
  let dm: FakeConversation;

  beforeEach(async () => {
    tokens = await startBotFrameworkTokenServer({ apps: { [APP_ID]: APP_PASSWORD } });
    fake = await startFakeBotConnector({ tenantId: TENANT_ID, acceptAuthorization: tokens.isIssuedBotToken });
    hr = fake.addUser({ name: 'Harriet HR' });
    dm = fake.addConversation({ conversationType: 'personal', memberIds: [hr.id] });
    const credentials = createFakeAadCredentialsFactory({
      appId: APP_ID,
      appPassword: APP_PASSWORD,
      tenantId: TENANT_ID,
    });
    bot = await startBotEndpoint(createTestCloudAdapter(credentials, tokens.authOptions()), echo);
  });

  afterEach(async () => {
    await bot.close();
    await fake.close();
    await tokens.close();
  });

  const message = () =>
    inboundActivity(fake, { conversationId: dm.id, fromUserId: hr.id, text: 'help', botAppId: APP_ID });

  it('accepts a channel-signed activity and replies with a token issued in its own tenant', async () => {
    const token = tokens.issueChannelToken({ appId: APP_ID, serviceUrl: fake.serviceUrl });

    const result = await postActivity(bot.url, message(), { authorization: `Bearer ${token}` });

    expect(result.status).toBe(200);
    const [reply] = fake.activitiesIn(dm.id);
    expect(reply?.operation).toBe('replyToActivity');
    expect(reply?.activity?.text).toBe('You said: help');
    expect(tokens.claimsOf(reply?.authorization ?? '')).toMatchObject({ appid: APP_ID, tid: TENANT_ID });
    expect(tokens.tokenRequests).toEqual([
      expect.objectContaining({
        tenant: TENANT_ID,
        scope: 'https://api.botframework.com/.default',
        granted: true,
      }),
    ]);
  });

  it.each([
    ['no token', () => undefined],
    [
      'a key the channel does not publish',
      () => tokens.issueChannelToken({ ...claims(), signingKey: createSigningKey() }),
    ],
    [
      'a forged signature under the published key id',
      () =>
        tokens.issueChannelToken({ ...claims(), signingKey: createSigningKey(), kid: tokens.signingKey.kid }),
    ],
    ['another bot as audience', () => tokens.issueChannelToken({ ...claims(), audience: 'another-bot' })],
    [
      'another service url',
      () => tokens.issueChannelToken({ ...claims(), serviceUrl: 'http://127.0.0.1:9/evil/' }),
    ],
    ['another issuer', () => tokens.issueChannelToken({ ...claims(), issuer: 'https://evil.example' })],
    ['an expired token', () => tokens.issueChannelToken({ ...claims(), expiresInSeconds: -3600 })],
  ])('rejects %s with 401 and never runs the bot', async (_case, token) => {
    const issued = token();

    const result = await postActivity(bot.url, message(), { authorization: issued && `Bearer ${issued}` });

    expect(result.status).toBe(401);
    expect(bot.turns).toEqual([]);
    expect(fake.activities).toEqual([]);
  });

  function claims() {
    return { appId: APP_ID, serviceUrl: fake.serviceUrl };
  }

  it('refuses outbound calls when the app password is wrong', async () => {
    const wrong = createFakeAadCredentialsFactory({
      appId: APP_ID,
      appPassword: 'not-it',
      tenantId: TENANT_ID,
    });
    const other = await startBotEndpoint(createTestCloudAdapter(wrong, tokens.authOptions()), echo);
    const token = tokens.issueChannelToken({ appId: APP_ID, serviceUrl: fake.serviceUrl });

    await postActivity(other.url, message(), { authorization: `Bearer ${token}` });
    await other.close();

    expect(other.turnErrors).toHaveLength(1);
    expect(fake.activities).toEqual([]);
    expect(tokens.tokenRequests.map((request) => request.granted)).toEqual([false]);
  });

  it('opens a 1:1 chat proactively and continues it later from the stored reference', async () => {
    const adapter = createTestCloudAdapter(
      createFakeAadCredentialsFactory({ appId: APP_ID, appPassword: APP_PASSWORD, tenantId: TENANT_ID }),
      tokens.authOptions(),
    );
    const client = fake.addUser({ name: 'Casey Client' });
    const parameters = {
      isGroup: false,
      bot: botAccount(APP_ID),
      members: [{ id: client.id, name: client.name }],
      tenantId: TENANT_ID,
      channelData: { tenant: { id: TENANT_ID } },
    } as ConversationParameters;
    const references: Partial<ConversationReference>[] = [];
    const create = () =>
      adapter.createConversationAsync(
        APP_ID,
        'msteams',
        fake.serviceUrl,
        undefined as never,
        parameters,
        async (ctx) => {
          references.push(TurnContext.getConversationReference(ctx.activity));
        },
      );

    await create();
    const stored = JSON.parse(JSON.stringify(references[0])) as Partial<ConversationReference>;
    await adapter.continueConversationAsync(APP_ID, stored, async (ctx) => {
      await ctx.sendActivity('Welcome to your coaching engagement.');
    });
    await create();

    const conversationId = references[0]?.conversation?.id ?? '';
    expect(references[1]?.conversation?.id).toBe(conversationId);
    expect(fake.conversations.get(conversationId)).toMatchObject({
      conversationType: 'personal',
      memberIds: [client.id],
    });
    expect(fake.activitiesIn(conversationId).map((a) => a.activity?.text)).toEqual([
      'Welcome to your coaching engagement.',
    ]);
    expect(fake.requests.every((request) => tokens.isIssuedBotToken(request.authorization))).toBe(true);
  });

  it('starts a new thread in a channel and names it by the first message', async () => {
    const adapter = createTestCloudAdapter(
      createFakeAadCredentialsFactory({ appId: APP_ID, appPassword: APP_PASSWORD, tenantId: TENANT_ID }),
      tokens.authOptions(),
    );
    const team = fake.addTeam({ name: 'Coaching', memberIds: [hr.id] });
    const channelId = team.channels[0]?.id ?? '';
    const parameters = {
      isGroup: true,
      bot: botAccount(APP_ID),
      channelData: { channel: { id: channelId } },
      activity: { type: 'message', text: 'Engagement space' },
    } as ConversationParameters;
    let threadId = '';

    await adapter.createConversationAsync(
      APP_ID,
      'msteams',
      fake.serviceUrl,
      undefined as never,
      parameters,
      async (ctx) => {
        threadId = ctx.activity.conversation.id;
      },
    );

    const [first] = fake.activitiesIn(threadId);
    expect(threadId).toBe(`${channelId};messageid=${first?.activityId}`);
    expect(first?.activity?.text).toBe('Engagement space');
  });
});

describe('a CloudAdapter without credentials (local mode)', () => {
  it('accepts unauthenticated activities and replies without an Authorization header', async () => {
    const fake = await startFakeBotConnector();
    const user = fake.addUser({ name: 'Dev' });
    const dm = fake.addConversation({ conversationType: 'personal', memberIds: [user.id] });
    const bot = await startBotEndpoint(createTestCloudAdapter(createFakeAadCredentialsFactory({})), echo);

    const result = await postActivity(
      bot.url,
      inboundActivity(fake, { conversationId: dm.id, fromUserId: user.id, text: 'hi' }),
    );
    await bot.close();
    await fake.close();

    expect(result.status).toBe(200);
    expect(fake.activitiesIn(dm.id).map((a) => a.activity?.text)).toEqual(['You said: hi']);
    expect(fake.requests.map((request) => request.authorization)).toEqual([undefined]);
  });
});
