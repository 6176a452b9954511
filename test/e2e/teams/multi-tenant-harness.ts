import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { createAesGcmCipher } from '../../../adapters/crypto/aes-gcm.cipher.js';
import { parseAppConfig } from '../../../bin/config/app.config.js';
import { wireTeams } from '../../../bin/wire-teams.js';
import { createDatabase } from '../../../db/client.js';
import { createUnitOfWork } from '../../../db/unit-of-work.js';
import { deliverOutboxEntry } from '../../../src/outbox/deliver-outbox-entry.js';
import type { Clock } from '../../../src/ports/clock.js';
import type { Messenger } from '../../../src/ports/messenger.js';
import type { UnitOfWork } from '../../../src/ports/repositories.js';
import { type CoreDeps, defaultSettings } from '../../../src/use-cases/deps.js';
import { APP_ID, APP_PASSWORD, STAND_IN_ISSUER } from '../../adapters/teams/support/teams-fakes.js';
import {
  type BotFrameworkTokenServer,
  startBotFrameworkTokenServer,
} from '../../support/bot-framework-tokens.js';
import { capturingLogger, recordingScheduler } from '../../support/core-deps.js';
import {
  type FakeBotConnector,
  type FakeConversation,
  type PostResult,
  postActivity,
  startFakeBotConnector,
} from '../../support/fake-bot-connector/index.js';
import { type FakeGraph, GRAPH_PERMISSIONS, startFakeGraph } from '../../support/fake-graph/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import {
  cardActionActivity,
  dialogActivity,
  type Person,
  type PersonKey,
  spokenActivity,
  type TeamsHarness,
} from './teams-harness.js';

export const OPERATOR_CONTACT = 'triad-support@firm.example';

/** One Microsoft 365 tenant: its own Bot Connector (its own service URL), its people and their 1:1 chats. */
export interface Tenant {
  name: 'a' | 'b' | 'c';
  tenantId: string;
  fake: FakeBotConnector;
  people: Record<PersonKey, Person>;
  /** The person's 1:1 chat with Triad in this tenant. */
  chatOf(person: Person): FakeConversation;
  /**
   * This tenant seen as the single-tenant harness the walk helpers take (`teams-walk.ts`): its fake, and posts
   * signed for its service URL.
   */
  asHarness: TeamsHarness;
}

export interface MultiTenantHarness {
  tokens: BotFrameworkTokenServer;
  /**
   * Microsoft Graph, one for every tenant as the real one is (GRAPH_BASE_URL), its Teams side A's connector (the
   * global service URL). Only tenant A's admin has granted Triad its permissions: Triad makes A's group chats,
   * B's people make theirs by hand.
   */
  graph: FakeGraph;
  tenants: Record<'a' | 'b' | 'c', Tenant>;
  core: CoreDeps;
  uow: UnitOfWork;
  database: TestDatabase;
  logLines: string[];
  /** The Teams messenger the delivery worker gets (`messengers.teams`). */
  messenger: Messenger;
  /** POSTs an activity as the channel does for `tenant` (a valid token for its service URL). */
  post(tenant: Tenant, activity: Partial<Activity>): Promise<PostResult>;
  drain(): Promise<{ sent: number; waiting: string[] }>;
  close(): Promise<void>;
}

const PEOPLE: Array<[PersonKey, string, string]> = [
  ['hr', 'HR', 'Europe/Berlin'],
  ['jane', 'Client', 'Europe/London'],
  ['sam', 'Sponsor', 'America/New_York'],
  ['kim', 'Coach', 'Asia/Tokyo'],
  ['lee', 'Second Coach', 'Europe/Oslo'],
  ['stan', 'Stranger', 'Europe/Paris'],
];

/**
 * One MultiTenant Triad and three Microsoft 365 tenants, each behind its own fake Bot Connector: tenant A is in
 * the configuration (TEAMS_TENANT_IDS), B and C are not (the operator decides about them at runtime). HR of A and
 * HR of B are both in HR_ADMINS: their rights reach only their own tenant's organisation.
 */
export async function startMultiTenantHarness(clock: Clock): Promise<MultiTenantHarness> {
  const tokens = await startBotFrameworkTokenServer({
    apps: { [APP_ID]: APP_PASSWORD },
    issuer: STAND_IN_ISSUER,
  });
  const regions = { a: '/emea/', b: '/amer/', c: '/apac/' } as const;
  const partial = {} as Record<'a' | 'b' | 'c', Omit<Tenant, 'asHarness'>>;
  for (const name of ['a', 'b', 'c'] as const) {
    const tenantId = randomUUID();
    const fake = await startFakeBotConnector({
      tenantId,
      acceptAuthorization: tokens.isIssuedBotToken,
      pathPrefix: regions[name],
    });
    const people = {} as Record<PersonKey, Person>;
    for (const [key, role, timezone] of PEOPLE) {
      const email = `${key}@${name}.example`;
      const user = fake.addUser({
        name: `${name.toUpperCase()} ${role}`,
        email,
        userPrincipalName: email,
      } as never);
      people[key] = { key, timezone, user };
    }
    const chatOf = (person: Person) =>
      [...fake.conversations.values()].find(
        (c) => c.conversationType === 'personal' && c.memberIds[0] === person.user.id,
      ) ?? fake.addConversation({ conversationType: 'personal', memberIds: [person.user.id] });
    partial[name] = { name, tenantId, fake, people, chatOf };
  }

  const graph = await startFakeGraph({
    connector: partial.a.fake,
    botAppId: APP_ID,
    granted: { [partial.a.tenantId]: GRAPH_PERMISSIONS },
    verifyToken: (authorization) => {
      if (!tokens.isIssuedBotToken(authorization)) return undefined;
      const claims = tokens.claimsOf(authorization ?? '');
      const graphToken = claims.aud === graph.baseUrl && claims.appid === APP_ID;
      return graphToken ? { tid: String(claims.tid), aud: String(claims.aud) } : undefined;
    },
  });

  const database = await createTestDatabase();
  const { logger, lines } = capturingLogger();
  const db = createDatabase(database.url, { max: 5 });
  const uow = createUnitOfWork(db.db, { logger });
  const config = parseAppConfig({
    TRIAD_ENCRYPTION_KEYS: `e2e:${randomBytes(32).toString('base64')}`,
    TEAMS_APP_ID: APP_ID,
    TEAMS_APP_PASSWORD: APP_PASSWORD,
    TEAMS_APP_TYPE: 'MultiTenant',
    // The app registration's home tenant: a MultiTenant bot still takes its tokens from botframework.com.
    TEAMS_APP_TENANT_ID: partial.a.tenantId,
    TEAMS_TENANT_IDS: partial.a.tenantId,
    TRIAD_OPERATOR_CONTACT: OPERATOR_CONTACT,
    HR_ADMINS: `${partial.a.people.hr.user.id},${partial.b.people.hr.user.id}`,
    TEAMS_OPENID_METADATA_URL: tokens.openIdMetadataUrl,
    TEAMS_TOKEN_ISSUER: tokens.issuer,
    TEAMS_LOGIN_URL: tokens.loginUrl,
    // Teams' global service URL stands for every region; here it is A's connector.
    TEAMS_SERVICE_URL: partial.a.fake.serviceUrl,
    GRAPH_BASE_URL: graph.baseUrl,
  });
  const core: CoreDeps = {
    uow,
    cipher: createAesGcmCipher(config.TRIAD_ENCRYPTION_KEYS),
    clock,
    ids: { newId: () => randomUUID() },
    logger,
    scheduler: recordingScheduler(),
    settings: { ...defaultSettings, hrAdmins: config.HR_ADMINS },
  };
  const wiring = wireTeams(config, core);
  if (!wiring) throw new Error('Teams was not wired');
  const server: Server = createServer((req, res) => {
    wiring.endpoint(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;

  const post = (tenant: Pick<Tenant, 'fake'>, activity: Partial<Activity>) =>
    postActivity(url, activity, {
      authorization: `Bearer ${tokens.issueChannelToken({ appId: APP_ID, serviceUrl: tenant.fake.serviceUrl })}`,
    });
  // What Teams does after Graph installs Triad in one of A's chats: it tells the bot, through A's channel.
  graph.deliverTo((activity) => post(partial.a, activity));
  const drain = async () => {
    await graph.settled();
    let sent = 0;
    const waiting = new Set<string>();
    for (let round = 0; round < 10; round += 1) {
      const pending = await database.sql<{ id: string }[]>`
        select id from outbox where status = 'pending' order by seq`;
      let progress = false;
      for (const { id } of pending) {
        const outcome = await deliverOutboxEntry(
          { outboxId: id },
          { uow, cipher: core.cipher, clock, logger, messengers: { teams: wiring.messenger } },
        );
        if (outcome.outcome === 'sent') {
          sent += 1;
          progress = true;
        } else if (outcome.outcome === 'retry') waiting.add(`${outcome.code}`);
        else if (outcome.outcome !== 'skipped') throw new Error(`delivery ${JSON.stringify(outcome)}`);
      }
      await graph.settled();
      if (!progress) break;
    }
    return { sent, waiting: [...waiting].sort() };
  };

  const tenants = {} as Record<'a' | 'b' | 'c', Tenant>;
  for (const name of ['a', 'b', 'c'] as const) {
    const t = partial[name];
    const asHarness = {
      teams: { fake: t.fake },
      people: t.people,
      post: (activity: Partial<Activity>) => post(t, activity),
      chatOf: t.chatOf,
      say: (person: Person, text: string, conversation?: FakeConversation) =>
        post(t, spokenActivity(t.fake, t.people, person, text, conversation ?? t.chatOf(person))),
      invoke: (
        person: Person,
        conversation: FakeConversation,
        data: Record<string, unknown>,
        options: { replyToId?: string } = {},
      ) => post(t, cardActionActivity(t.fake, person, conversation, data, options)),
      dialog: (
        person: Person,
        conversation: FakeConversation,
        name: 'task/fetch' | 'task/submit',
        data: Record<string, unknown>,
      ) => post(t, dialogActivity(t.fake, person, conversation, name, data)),
      drain,
    } as unknown as TeamsHarness;
    tenants[name] = { ...t, asHarness };
  }
  return {
    tokens,
    graph,
    tenants,
    core,
    uow,
    database,
    logLines: lines,
    messenger: wiring.messenger,
    post,
    drain,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await graph.close();
      for (const t of Object.values(tenants)) await t.fake.close();
      await tokens.close();
      await db.close();
      await database.drop();
    },
  };
}
