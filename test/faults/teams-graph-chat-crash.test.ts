import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphChatProvisioner } from '../../adapters/teams/graph/graph-chat-provisioner.js';
import { GraphClients } from '../../adapters/teams/graph/graph-client.js';
import { TeamsMessenger } from '../../adapters/teams/teams-messenger.js';
import { deliverOutboxEntry } from '../../src/outbox/deliver-outbox-entry.js';
import type { ChatProvisioner } from '../../src/ports/chat-provisioner.js';
import type { Messenger } from '../../src/ports/messenger.js';
import { ChatPermissionMemory } from '../../src/spaces/chat-permission.js';
import { APP_ID, APP_PASSWORD, TENANT_ID } from '../adapters/teams/support/teams-fakes.js';
import { startTeamsHarness, type TeamsHarness } from '../e2e/teams/teams-harness.js';
import { allText } from '../e2e/teams/teams-walk.js';
import { waitFor } from '../jobs/support/wait-for.js';
import { manualClock } from '../support/core-deps.js';
import { botAddedActivity } from '../support/fake-bot-connector/index.js';
import { GRAPH_PERMISSIONS, rosterIdentity } from '../support/fake-graph/index.js';

const clock = manualClock(new Date());
let h: TeamsHarness;

/** A delivery worker process's Graph: its own clients (no cached token) on the fake Graph. */
function graphOf(harness: TeamsHarness): GraphChatProvisioner {
  const { graph, fake } = harness.teams;
  return new GraphChatProvisioner({
    clients: new GraphClients({
      appId: APP_ID,
      appPassword: APP_PASSWORD,
      loginUrl: harness.teams.tokens.loginUrl,
      graphBaseUrl: graph.baseUrl,
    }),
    graphBaseUrl: graph.baseUrl,
    catalogAppId: APP_ID,
    entraIdOf: async (_tenant, id) => rosterIdentity(fake.users.get(id)),
  });
}

/** A worker process's Teams messenger over the harness's database, Bot Connector and Graph. */
function workerMessenger(provisioner: ChatProvisioner): Messenger {
  return new TeamsMessenger({
    connector: h.teams.connector,
    core: h.core,
    uow: h.uow,
    clock,
    logger: h.core.logger,
    defaultServiceUrl: h.teams.fake.serviceUrl,
    defaultTenantId: TENANT_ID,
    chats: { provisioner, permissions: new ChatPermissionMemory(clock) },
  });
}

const deliver = (outboxId: string, messenger: Messenger) =>
  deliverOutboxEntry(
    { outboxId },
    { uow: h.uow, cipher: h.core.cipher, clock, logger: h.core.logger, messengers: { teams: messenger } },
  );

/** Starts an engagement; returns the pending outbox entry bound to its sponsor space (the sponsor welcome). */
async function startEngagement(): Promise<string> {
  const { hr } = h.people;
  const hrChat = h.chatOf(hr);
  await h.post(
    botAddedActivity(h.teams.fake, { conversationId: hrChat.id, byUserId: hr.user.id, botAppId: APP_ID }),
  );
  expect((await h.say(hr, 'start client:@jane sponsor:@sam coach:@kim weeks:12')).status).toBe(200);
  const [row] = await h.database.sql<{ id: string }[]>`
    select o.id from outbox o join spaces s on s.id = o.space_id
    where s.kind = 'sponsor' and o.status = 'pending' order by o.seq limit 1`;
  if (!row) throw new Error('no message for the sponsor space');
  return row.id;
}

const sponsorAddress = async () =>
  (await h.database.sql<{ address: unknown }[]>`select address from spaces where kind = 'sponsor'`)[0]
    ?.address;
const created = () => h.teams.graph.requests.filter((r) => r.operation === 'createChat' && r.status === 201);

beforeEach(async () => {
  h = await startTeamsHarness(clock);
  h.teams.graph.grant(TENANT_ID, GRAPH_PERMISSIONS);
});

afterEach(async () => {
  await h?.close();
});

describe('a Graph-created chat is made once per space, across crashes and retries', () => {
  it('a worker killed between Graph’s answer and the database write: the next worker finds that chat; exactly one exists', async () => {
    const outboxId = await startEngagement();
    const live = graphOf(h);
    const dying: ChatProvisioner = {
      findChat: (request) => live.findChat(request),
      installInChat: (tenantId, chatId) => live.installInChat(tenantId, chatId),
      addMember: (...args) => live.addMember(...args),
      removeMember: (...args) => live.removeMember(...args),
      installForUser: (...args) => live.installForUser(...args),
      // Graph answers; the process dies before anything of it is written: the call never returns.
      createChat: async (request) => {
        await live.createChat(request);
        return new Promise<string>(() => undefined);
      },
    };
    void deliver(outboxId, workerMessenger(dying));
    await waitFor('Graph made the chat', async () => (created().length === 1 ? true : undefined));
    expect(await sponsorAddress()).toBeNull();

    const outcome = await deliver(outboxId, workerMessenger(graphOf(h)));

    expect(outcome.outcome).toBe('sent');
    expect(h.teams.graph.chats.size).toBe(1);
    expect(created()).toHaveLength(1);
    const [chat] = [...h.teams.graph.chats.values()];
    expect(await sponsorAddress()).toMatchObject({ conversationId: chat?.id, space: 'sponsor' });
    const conversation = h.teams.fake.conversations.get(chat?.id ?? '');
    if (!conversation) throw new Error('the chat is not in Teams');
    expect(allText(h, conversation)).toContain('Coaching for Jane Client');
  });

  it('a create answered but the worker threw before storing it: the retry finds the chat instead of making another', async () => {
    const outboxId = await startEngagement();
    const live = graphOf(h);
    const throwing: ChatProvisioner = Object.assign(Object.create(live) as ChatProvisioner, {
      createChat: async (request: Parameters<ChatProvisioner['createChat']>[0]) => {
        await live.createChat(request);
        throw new Error('connection reset after Graph answered');
      },
    });

    const first = await deliver(outboxId, workerMessenger(throwing));
    expect(first).toMatchObject({ outcome: 'retry' });
    expect(await sponsorAddress()).toBeNull();

    expect((await deliver(outboxId, workerMessenger(live))).outcome).toBe('sent');
    expect(h.teams.graph.chats.size).toBe(1);
    expect(created()).toHaveLength(1);
  });

  it('Graph’s 429 waits for Retry-After without losing the message, on the create and on the install', async () => {
    const outboxId = await startEngagement();
    h.teams.graph.setFault({ status: 429, operation: 'createChat', retryAfterSeconds: 90, times: 1 });

    const limited = await deliver(outboxId, h.messenger);

    expect(limited).toMatchObject({ outcome: 'retry', code: 'rate_limited' });
    if (limited.outcome !== 'retry') throw new Error('not a retry');
    expect(limited.at.getTime() - clock.now().getTime()).toBe(90_000);
    const [row] = await h.database.sql<
      { status: string }[]
    >`select status from outbox where id = ${outboxId}`;
    expect(row?.status).toBe('pending');
    expect(h.teams.graph.chats.size).toBe(0);

    h.teams.graph.setFault({ status: 429, operation: 'installInChat', retryAfterSeconds: 30, times: 1 });
    clock.advance(90_000);
    expect(await deliver(outboxId, h.messenger)).toMatchObject({ outcome: 'retry', code: 'rate_limited' });
    expect(h.teams.graph.chats.size).toBe(1);

    clock.advance(30_000);
    expect((await deliver(outboxId, h.messenger)).outcome).toBe('sent');
    expect(h.teams.graph.chats.size).toBe(1);
    expect(created()).toHaveLength(1);
  });
});
