import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphChatProvisioner } from '../../../../adapters/teams/graph/graph-chat-provisioner.js';
import { GraphClients } from '../../../../adapters/teams/graph/graph-client.js';
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
/** The coaching firm's own tenant: its coaches are external (federated) users in the client's chats. */
const FIRM = '7c6b5a49-3827-4165-9f8e-7d6c5b4a3928';

let connector: FakeBotConnector;
let graph: FakeGraph;
let clients: GraphClients;
let jane: FakeTeamsUser;
let sam: FakeTeamsUser;
let guest: FakeTeamsUser;
let external: FakeTeamsUser;

const provisioner = (identity = rosterIdentity) =>
  new GraphChatProvisioner({
    clients,
    graphBaseUrl: graph.baseUrl,
    catalogAppId: APP_ID,
    entraIdOf: async (_tenant, id) => identity(connector.users.get(id)),
  });

/** Every member as an owner of the chat's tenant: what Triad sent before it knew guests and external users. */
const allOwners = (user: FakeTeamsUser | undefined) => {
  const person = rosterIdentity(user);
  return person && { entraId: person.entraId, guest: false };
};

const member = (user: FakeTeamsUser, roles: string[], tenantId?: string) => ({
  '@odata.type': '#microsoft.graph.aadUserConversationMember',
  roles,
  'user@odata.bind': `${graph.baseUrl}/v1.0/users('${user.aadObjectId}')`,
  ...(tenantId ? { tenantId } : {}),
});

const createChat = (members: unknown[]) =>
  clients
    .forTenant(TENANT)
    .api('/chats')
    .post({ chatType: 'group', topic: 'triad-roles', members })
    .then(
      () => 201,
      (error: { statusCode?: number }) => error.statusCode,
    );

beforeEach(async () => {
  connector = await startFakeBotConnector({ tenantId: TENANT });
  jane = connector.addUser({ name: 'Jane Client' });
  sam = connector.addUser({ name: 'Sam Sponsor' });
  guest = connector.addUser({ name: 'Kim Coach', userRole: 'guest', userType: 'Guest' } as never);
  external = connector.addUser({ name: 'Lee Coach', tenantId: FIRM });
  graph = await startFakeGraph({ connector, botAppId: APP_ID, granted: { [TENANT]: GRAPH_PERMISSIONS } });
  clients = new GraphClients({
    appId: APP_ID,
    appPassword: 'secret',
    loginUrl: graph.loginUrl,
    graphBaseUrl: graph.baseUrl,
  });
});

afterEach(async () => {
  await graph.close();
  await connector.close();
});

describe('the fake Graph checks chat members as Graph does', () => {
  it('accepts owners of the tenant, guests as guests, and external users as owners with their tenant', async () => {
    expect(await createChat([member(jane, ['owner']), member(guest, ['guest'])])).toBe(201);
    expect(await createChat([member(jane, ['owner']), member(external, ['owner'], FIRM)])).toBe(201);
  });

  it('refuses a guest as owner, a member as guest, an external user without tenant or as guest (400)', async () => {
    expect(await createChat([member(jane, ['owner']), member(guest, ['owner'])])).toBe(400);
    expect(await createChat([member(jane, ['guest']), member(sam, ['owner'])])).toBe(400);
    expect(await createChat([member(jane, ['owner']), member(external, ['owner'])])).toBe(400);
    expect(await createChat([member(jane, ['owner']), member(external, ['guest'], FIRM)])).toBe(400);
    expect(await createChat([member(jane, ['owner', 'guest']), member(sam, ['owner'])])).toBe(400);
    expect(graph.chats.size).toBe(0);
  });
});

describe('Triad adds each member with the role Graph wants', () => {
  it('a guest coach: the coaching chat has them as guest, and Teams puts them in the conversation', async () => {
    const chats = provisioner();
    const chatId = await chats.createChat({
      tenantId: TENANT,
      topic: 'triad-coaching-1',
      memberPlatformUserIds: [jane.id, guest.id],
    });
    expect(graph.chats.get(chatId)?.members.map((m) => [m.userId, m.roles, m.tenantId])).toEqual([
      [jane.aadObjectId, ['owner'], undefined],
      [guest.aadObjectId, ['guest'], undefined],
    ]);
    expect(connector.conversations.get(chatId)?.memberIds).toEqual([jane.id, guest.id]);
    expect(
      await chats.findChat({
        tenantId: TENANT,
        topic: 'triad-coaching-1',
        memberPlatformUserIds: [jane.id, guest.id],
      }),
    ).toBe(chatId);
  });

  it('an external coach: owner with their home tenant; swapped in and out of the sponsor chat', async () => {
    const chats = provisioner();
    const sponsorChat = await chats.createChat({
      tenantId: TENANT,
      topic: 'triad-sponsor-1',
      memberPlatformUserIds: [jane.id, sam.id],
    });
    const coaching = await chats.createChat({
      tenantId: TENANT,
      topic: 'triad-coaching-2',
      memberPlatformUserIds: [jane.id, external.id],
    });
    expect(graph.chats.get(coaching)?.members.map((m) => [m.userId, m.roles, m.tenantId])).toEqual([
      [jane.aadObjectId, ['owner'], undefined],
      [external.aadObjectId, ['owner'], FIRM],
    ]);

    await chats.addMember(TENANT, sponsorChat, external.id);
    expect(connector.conversations.get(sponsorChat)?.memberIds).toEqual([jane.id, sam.id, external.id]);
    // Reassigned to the guest coach: the external one leaves, the guest joins as a guest.
    await chats.addMember(TENANT, sponsorChat, guest.id);
    await chats.removeMember(TENANT, sponsorChat, external.id);
    expect(graph.chats.get(sponsorChat)?.members.map((m) => [m.userId, m.roles])).toEqual([
      [jane.aadObjectId, ['owner']],
      [sam.aadObjectId, ['owner']],
      [guest.aadObjectId, ['guest']],
    ]);
    expect(connector.conversations.get(sponsorChat)?.memberIds).toEqual([jane.id, sam.id, guest.id]);
  });

  it('every member as an owner of the tenant (the old request) is refused for a guest and an external coach', async () => {
    const chats = provisioner(allOwners);
    for (const coach of [guest, external]) {
      await expect(
        chats.createChat({
          tenantId: TENANT,
          topic: 'triad-old',
          memberPlatformUserIds: [jane.id, coach.id],
        }),
      ).rejects.toMatchObject({ kind: 'unavailable' });
    }
    expect(graph.chats.size).toBe(0);
  });
});
