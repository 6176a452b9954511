import type { Activity } from 'botbuilder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphChatProvisioner } from '../../../../adapters/teams/graph/graph-chat-provisioner.js';
import { GraphClients } from '../../../../adapters/teams/graph/graph-client.js';
import { ProvisionError } from '../../../../src/ports/chat-provisioner.js';
import {
  type FakeBotConnector,
  type FakeTeamsUser,
  startFakeBotConnector,
} from '../../../support/fake-bot-connector/index.js';
import {
  type FakeGraph,
  GRAPH_PERMISSIONS,
  rosterIdentity,
  startFakeGraph,
} from '../../../support/fake-graph/index.js';

const APP_ID = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const TENANT = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';

let connector: FakeBotConnector;
let graph: FakeGraph;
let provisioner: GraphChatProvisioner;
let jane: FakeTeamsUser;
let sam: FakeTeamsUser;
let kim: FakeTeamsUser;
const told: Array<Partial<Activity>> = [];

beforeEach(async () => {
  told.length = 0;
  connector = await startFakeBotConnector({ tenantId: TENANT });
  jane = connector.addUser({ name: 'Jane Client' });
  sam = connector.addUser({ name: 'Sam Sponsor' });
  kim = connector.addUser({ name: 'Kim Coach' });
  graph = await startFakeGraph({ connector, botAppId: APP_ID });
  graph.deliverTo(async (activity) => told.push(activity));
  const clients = new GraphClients({
    appId: APP_ID,
    appPassword: 'secret',
    loginUrl: graph.loginUrl,
    graphBaseUrl: graph.baseUrl,
  });
  provisioner = new GraphChatProvisioner({
    clients,
    graphBaseUrl: graph.baseUrl,
    catalogAppId: APP_ID,
    entraIdOf: async (_tenant, id) => rosterIdentity(connector.users.get(id)),
  });
});

afterEach(async () => {
  await graph.close();
  await connector.close();
});

const request = () => ({
  tenantId: TENANT,
  topic: 'triad-sponsor-1a2b3c4d',
  memberPlatformUserIds: [jane.id, sam.id],
});

describe('Graph chats through the fake Graph', () => {
  it('refuses without the tenant’s permission (403), with a token asked for that tenant', async () => {
    await expect(provisioner.createChat(request())).rejects.toMatchObject({ kind: 'not_granted' });
    expect(graph.requests.map((r) => [r.operation, r.tenantId, r.status])).toEqual([
      ['token', TENANT, 200],
      ['createChat', TENANT, 403],
    ]);
    expect(graph.chats.size).toBe(0);
  });

  it('creates a group chat with the members as owners, installs Triad, and Teams tells the bot', async () => {
    graph.grant(TENANT, GRAPH_PERMISSIONS);
    const chatId = await provisioner.createChat(request());
    await provisioner.installInChat(TENANT, chatId);
    await provisioner.installInChat(TENANT, chatId);
    await graph.settled();

    const chat = graph.chats.get(chatId);
    expect(chat?.members.map((m) => [m.userId, m.roles])).toEqual([
      [jane.aadObjectId, ['owner']],
      [sam.aadObjectId, ['owner']],
    ]);
    expect(connector.conversations.get(chatId)).toMatchObject({
      conversationType: 'groupChat',
      memberIds: [jane.id, sam.id],
    });
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      type: 'conversationUpdate',
      conversation: { id: chatId, conversationType: 'groupChat' },
      membersAdded: [{ id: `28:${APP_ID}` }],
    });
  });

  it('finds a chat made earlier by its topic and members only', async () => {
    graph.grant(TENANT, GRAPH_PERMISSIONS);
    expect(await provisioner.findChat(request())).toBeUndefined();
    const chatId = await provisioner.createChat(request());
    await provisioner.createChat({ ...request(), topic: 'another' });
    expect(await provisioner.findChat(request())).toBe(chatId);
    expect(await provisioner.findChat({ ...request(), memberPlatformUserIds: [jane.id, kim.id] })).toBe(
      undefined,
    );
  });

  it('adds and removes members; removing someone gone is done', async () => {
    graph.grant(TENANT, GRAPH_PERMISSIONS);
    const chatId = await provisioner.createChat(request());
    await provisioner.installInChat(TENANT, chatId);
    await provisioner.addMember(TENANT, chatId, kim.id);
    await provisioner.removeMember(TENANT, chatId, sam.id);
    await provisioner.removeMember(TENANT, chatId, sam.id);
    await graph.settled();

    expect(connector.conversations.get(chatId)?.memberIds).toEqual([jane.id, kim.id]);
    expect(told.map((a) => [a.membersAdded?.[0]?.id, a.membersRemoved?.[0]?.id])).toEqual([
      [`28:${APP_ID}`, undefined],
      [kim.id, undefined],
      [undefined, sam.id],
    ]);
  });

  it('a 429 becomes a rate limit with Graph’s Retry-After', async () => {
    graph.grant(TENANT, GRAPH_PERMISSIONS);
    graph.setFault({ status: 429, operation: 'createChat', retryAfterSeconds: 7, times: 1 });
    const error = await provisioner.createChat(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisionError);
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000 });
    expect(graph.chats.size).toBe(0);
    await provisioner.createChat(request());
    expect(graph.chats.size).toBe(1);
  });

  it('installs Triad for a person once: their 1:1 chat appears and the bot is told', async () => {
    graph.grant(TENANT, ['TeamsAppInstallation.ReadWriteSelfForUser.All']);
    await provisioner.installForUser(TENANT, kim.id);
    await provisioner.installForUser(TENANT, kim.id);
    await graph.settled();
    expect(graph.installedFor).toEqual(new Set([kim.aadObjectId]));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      conversation: { conversationType: 'personal' },
      from: { id: kim.id },
      membersAdded: [{ id: `28:${APP_ID}` }],
    });
  });
});
