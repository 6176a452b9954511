import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideTenant } from '../../../src/use-cases/tenants/tenant-access.js';
import { APP_ID } from '../../adapters/teams/support/teams-fakes.js';
import { manualClock } from '../../support/core-deps.js';
import { botAddedActivity, type FakeConversation } from '../../support/fake-bot-connector/index.js';
import {
  type MultiTenantHarness,
  OPERATOR_CONTACT,
  startMultiTenantHarness,
  type Tenant,
} from './multi-tenant-harness.js';
import { actionsIn, allText, cardsIn, latest } from './teams-walk.js';

const clock = manualClock(new Date());
let h: MultiTenantHarness;
let a: Tenant;
let b: Tenant;
let c: Tenant;
const engagementOf: Record<string, string> = {};

const operator = (tenantId: string, allowed: boolean) =>
  decideTenant({ tenantId, allowed, decidedBy: 'ops@firm.example' }, { ...h.core });

const install = (t: Tenant, chat: FakeConversation, byUserId: string) =>
  h.post(t, botAddedActivity(t.fake, { conversationId: chat.id, byUserId, botAppId: APP_ID }));

/**
 * A delivery attempt's bookkeeping on an outbox row: a waiting message is tried again on every drain whatever
 * else happens, so these move with time, not with what anyone did.
 */
const DELIVERY_BOOKKEEPING = ['attempts', 'available_at', 'updated_at', 'last_error_code'] as const;

/**
 * Every row Triad keeps about engagements (not the request claims and audit a refused request may add); outbox
 * rows without their delivery bookkeeping (their status, content and addresses stay).
 */
async function domainRows() {
  const rows: Record<string, unknown[]> = {};
  for (const table of [
    'organisations',
    'engagements',
    'spaces',
    'meetings',
    'reflection_prompts',
    'private_entries',
    'consents',
    'releases',
    'outbox',
    'tenant_access',
  ]) {
    rows[table] = await h.database.sql.unsafe(`select * from ${table} order by 1`);
  }
  rows.outbox = (rows.outbox as Record<string, unknown>[]).map((row) => {
    const kept = { ...row };
    for (const column of DELIVERY_BOOKKEEPING) {
      expect(column in kept).toBe(true);
      delete kept[column];
    }
    return kept;
  });
  return rows;
}

const rowsOfTenant = async (tenantId: string) =>
  h.database.sql`select o.id from organisations o where o.platform_tenant_id = ${tenantId}`;

beforeAll(async () => {
  h = await startMultiTenantHarness(clock);
  ({ a, b, c } = h.tenants);
});

afterAll(async () => {
  await h?.close();
});

describe('one MultiTenant Triad for several Microsoft 365 tenants, each behind its own Bot Connector', () => {
  it('serves the configured tenant A', async () => {
    const installed = await install(a, a.chatOf(a.people.hr), a.people.hr.user.id);
    expect(installed.status).toBe(200);
    expect(latest(a.asHarness, a.chatOf(a.people.hr))).toContain('HR commands');
  });

  it('refuses tenant B until the operator allows it: 403, nothing stored, the person told who to ask', async () => {
    const chat = b.chatOf(b.people.hr);
    const before = await domainRows();

    const refused = await install(b, chat, b.people.hr.user.id);

    expect(refused.status).toBe(403);
    expect(await domainRows()).toEqual(before);
    expect(await rowsOfTenant(b.tenantId)).toEqual([]);
    const told = latest(b.asHarness, chat);
    expect(told).toContain('not set up to use this Triad');
    expect(told).toContain(OPERATOR_CONTACT);
    expect(told).toContain(b.tenantId);
    const logged = h.logLines.filter((line) => line.includes('teams activity refused')).join('\n');
    expect(logged).toContain(b.tenantId);
    expect(logged).not.toContain(b.people.hr.user.name);
    expect(logged).not.toContain(b.people.hr.user.id);

    await operator(b.tenantId, true);
    const allowed = await install(b, chat, b.people.hr.user.id);
    expect(allowed.status).toBe(200);
    expect(latest(b.asHarness, chat)).toContain('HR commands');
  });

  it('refuses tenant C (and keeps refusing once the operator refuses it): only installs and 1:1 messages get words', async () => {
    const chat = c.chatOf(c.people.hr);
    const before = await domainRows();

    expect((await install(c, chat, c.people.hr.user.id)).status).toBe(403);
    await operator(c.tenantId, false);
    const typed = await c.asHarness.say(c.people.hr, 'start client:@jane sponsor:@sam coach:@kim');
    const told = cardsIn(c.asHarness, chat).length;
    const pressed = await c.asHarness.invoke(c.people.hr, chat, {
      actionId: 'delivery.retry',
      value: crypto.randomUUID(),
    });

    expect(typed.status).toBe(403);
    expect(pressed.status).toBe(403);
    expect(told).toBe(2);
    expect(cardsIn(c.asHarness, chat)).toHaveLength(2);
    expect(allText(c.asHarness, chat)).not.toContain('HR commands');
    const { tenant_access: decisions, ...rest } = await domainRows();
    const { tenant_access: _earlier, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    expect(decisions).toHaveLength(2);
    expect(await rowsOfTenant(c.tenantId)).toEqual([]);
  });

  it('HR of A and HR of B each start an engagement in their own tenant', async () => {
    for (const t of [a, b]) {
      const started = await t.asHarness.say(t.people.hr, 'start client:@jane sponsor:@sam coach:@kim');
      expect(started.status).toBe(200);
      expect(latest(t.asHarness, t.chatOf(t.people.hr))).toContain(
        `started for ${t.name.toUpperCase()} Client`,
      );
      const [row] = await h.database.sql<{ id: string }[]>`
        select e.id from engagements e join organisations o on o.id = e.organisation_id
        where o.platform_tenant_id = ${t.tenantId}`;
      engagementOf[t.name] = row?.id ?? '';
    }
    expect(engagementOf.a).not.toBe(engagementOf.b);
  });

  it('delivers each tenant’s messages through its own service URL and conversation references, in its own tenant', async () => {
    const { waiting } = await h.drain();

    expect(waiting).toEqual(['space_not_linked']);
    for (const t of [a, b]) {
      const client = t.chatOf(t.people.jane);
      expect(client.origin).toBe('createConversation');
      expect(allText(t.asHarness, client)).toContain('Your coaching engagement has started');
      const created = t.fake.requests.filter((r) => r.operation === 'createConversation');
      expect(created.length).toBeGreaterThan(0);
      for (const request of created) expect(request.body).toMatchObject({ tenantId: t.tenantId });
    }
    // Nothing of B's reached A's connector, nor of A's B's.
    const idsOf = (t: Tenant) => new Set([...t.fake.conversations.keys()]);
    for (const [here, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const foreign = here.fake.requests.filter(
        (r) => r.conversationId && idsOf(other).has(r.conversationId),
      );
      expect(foreign).toEqual([]);
    }
    const addresses = await h.database.sql<
      { tenant: string; address: { serviceUrl: string; tenantId: string } }[]
    >`
      select o.platform_tenant_id as tenant, p.direct_address as address
      from people p join organisations o on o.id = p.organisation_id where p.direct_address is not null`;
    expect(addresses.length).toBeGreaterThanOrEqual(4);
    for (const { tenant, address } of addresses) {
      const t = tenant === a.tenantId ? a : b;
      expect(address).toMatchObject({ serviceUrl: t.fake.serviceUrl, tenantId: t.tenantId });
    }
    // A MultiTenant bot's Bot Connector tokens come from the botframework.com tenant, the same for every
    // customer tenant; its Graph tokens from each customer tenant (the permissions are granted per tenant).
    const forGraph = (r: { scope: string }) => r.scope.startsWith(h.graph.baseUrl);
    const connectorTokens = h.tokens.tokenRequests.filter((r) => !forGraph(r));
    expect(new Set(connectorTokens.map((r) => r.tenant))).toEqual(new Set(['botframework.com']));
    const graphTokens = h.tokens.tokenRequests.filter(forGraph);
    expect(new Set(graphTokens.map((r) => r.tenant))).toEqual(new Set([a.tenantId, b.tenantId]));
    // A's admin granted Triad Graph's permissions, B's did not: each tenant was asked with its own token. Triad
    // made A's group chats in A (on A's connector, only A's people); B's people make theirs by hand (the
    // waiting `space_not_linked`), nothing lost.
    const graphCalls = h.graph.requests.filter((r) => r.operation !== 'token');
    const callsOf = (t: Tenant) => graphCalls.filter((r) => r.tenantId === t.tenantId);
    expect(callsOf(a).length + callsOf(b).length).toBe(graphCalls.length);
    expect(callsOf(b).length).toBeGreaterThan(0);
    expect(new Set(callsOf(b).map((r) => r.status))).toEqual(new Set([403]));
    const made = [...h.graph.chats.values()];
    expect(made.length).toBeGreaterThan(0);
    expect(callsOf(a).filter((r) => r.operation === 'createChat' && r.status === 201)).toHaveLength(
      made.length,
    );
    const peopleOfA = new Set(Object.values(a.people).map((p) => p.user.id));
    for (const chat of made) {
      expect(chat.tenantId).toBe(a.tenantId);
      const conversation = a.fake.conversations.get(chat.id);
      expect(conversation?.conversationType).toBe('groupChat');
      expect(conversation?.memberIds.length).toBeGreaterThan(1);
      for (const member of conversation?.memberIds ?? []) expect(peopleOfA.has(member)).toBe(true);
    }
    expect([...b.fake.conversations.values()].filter((c) => c.conversationType === 'groupChat')).toEqual([]);
  });

  it('each HR lists only their own tenant’s engagements, and cannot touch the other’s by its id', async () => {
    for (const [t, other] of [
      [a, b],
      [b, a],
    ] as const) {
      await t.asHarness.say(t.people.hr, 'list');
      const listed = latest(t.asHarness, t.chatOf(t.people.hr));
      expect(listed).toContain(`${t.name.toUpperCase()} Client`);
      expect(listed).not.toContain(`${other.name.toUpperCase()} Client`);
    }
    const before = await domainRows();
    for (const command of [
      `pause ${engagementOf.b}`,
      `end ${engagementOf.b?.slice(0, 8)}`,
      `status ${engagementOf.b}`,
    ]) {
      const answered = await a.asHarness.say(a.people.hr, command);
      expect(answered.status).toBe(200);
      expect(latest(a.asHarness, a.chatOf(a.people.hr))).toContain('find an engagement');
    }
    expect(await domainRows()).toEqual(before);
  });

  it('a card action value from tenant A replayed in tenant B’s activity changes nothing', async () => {
    const engagement = engagementOf.a ?? '';
    const fromA = cardsIn(a.asHarness, a.chatOf(a.people.jane)).flatMap((card) =>
      actionsIn(card.card).filter((d) => typeof d.actionId === 'string'),
    );
    const forged = [
      { actionId: 'delivery.retry', value: engagement },
      { actionId: 'activity.sharing', value: `${engagement}:on` },
      { actionId: 'goal.draft', value: engagement },
      { actionId: 'coach.select', value: `${engagement}:${crypto.randomUUID()}` },
    ];
    // Whatever can be delivered is delivered first, so the drain below can only deliver what a replay queued.
    await h.drain();
    const before = await domainRows();
    for (const data of [...fromA, ...forged]) {
      for (const person of [b.people.jane, b.people.hr, b.people.sam]) {
        const chat = b.chatOf(person);
        const pressed = await b.asHarness.invoke(person, chat, data as Record<string, unknown>);
        expect(pressed.status).toBe(200);
        expect(pressed.body).not.toContain(a.people.jane.user.name);
      }
    }
    await h.drain();
    expect(await domainRows()).toEqual(before);
  });
});
