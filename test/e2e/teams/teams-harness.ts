import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { createAesGcmCipher } from '../../../adapters/crypto/aes-gcm.cipher.js';
import { createHmacLinkSigner } from '../../../adapters/crypto/hmac.link-signer.js';
import { parseAppConfig } from '../../../bin/config/app.config.js';
import { downloadRoutes, routeMatches } from '../../../bin/wire-http.js';
import { wireTeams } from '../../../bin/wire-teams.js';
import { createDatabase, type DatabaseHandle } from '../../../db/client.js';
import { createUnitOfWork } from '../../../db/unit-of-work.js';
import { deliverOutboxEntry } from '../../../src/outbox/deliver-outbox-entry.js';
import type { Clock } from '../../../src/ports/clock.js';
import type { LinkSigner } from '../../../src/ports/link-signer.js';
import type { Messenger } from '../../../src/ports/messenger.js';
import type { UnitOfWork } from '../../../src/ports/repositories.js';
import { type CoreDeps, defaultSettings } from '../../../src/use-cases/deps.js';
import {
  APP_ID,
  APP_PASSWORD,
  startTeamsFakes,
  TENANT_ID,
  type TeamsFakes,
} from '../../adapters/teams/support/teams-fakes.js';
import { capturingLogger, recordingScheduler } from '../../support/core-deps.js';
import {
  type FakeBotConnector,
  type FakeConversation,
  type FakeTeamsUser,
  type InboundActivityInput,
  inboundActivity,
  type PostResult,
  postActivity,
} from '../../support/fake-bot-connector/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

export interface Person {
  key: string;
  user: FakeTeamsUser;
  timezone: string;
}

export interface TeamsHarness {
  teams: TeamsFakes;
  core: CoreDeps & { scheduler: ReturnType<typeof recordingScheduler> };
  messenger: Messenger;
  database: TestDatabase;
  uow: UnitOfWork;
  logLines: string[];
  /** `http://127.0.0.1:<port>/api/messages`. */
  url: string;
  /** `http://127.0.0.1:<port>`: the app's public URL (TRIAD_PUBLIC_URL), where `/files/<token>` and `/export/<token>` are served. */
  baseUrl: string;
  /** The app's download-link signer (from its encryption keys), to make tokens a test needs. */
  signer: LinkSigner;
  people: Record<PersonKey, Person>;
  /** POSTs an activity as the Bot Framework channel does, with a valid channel token unless told otherwise. */
  post(activity: Partial<Activity>, options?: { authorization?: string | null }): Promise<PostResult>;
  /** The person's 1:1 chat with Triad (the one they installed it in, or the one Triad created). */
  chatOf(person: Person): FakeConversation;
  /** A message typed by `person`; `@key` words become Teams mentions of the harness's people. */
  say(
    person: Person,
    text: string,
    conversation?: FakeConversation,
    extra?: Partial<InboundActivityInput>,
  ): Promise<PostResult>;
  /** An Action.Execute invoke on a card, with input values merged into the action's data. */
  invoke(
    person: Person,
    conversation: FakeConversation,
    data: Record<string, unknown>,
    options?: { replyToId?: string },
  ): Promise<PostResult>;
  /**
   * A Teams dialog (task module) invoke as `person`: `task/fetch` when a button that opens a dialog is pressed,
   * `task/submit` when a button or form inside the dialog is. The response body is what the dialog shows.
   */
  dialog(
    person: Person,
    conversation: FakeConversation,
    name: 'task/fetch' | 'task/submit',
    data: Record<string, unknown>,
  ): Promise<PostResult>;
  /** Delivers every pending outbox entry through the Teams messenger (the core's delivery use case). */
  drain(): Promise<{ sent: number; waiting: string[] }>;
  /** Every row of every table, to show that a refused request changed nothing. */
  snapshot(): Promise<Record<string, unknown[]>>;
  close(): Promise<void>;
}

export type PersonKey = 'hr' | 'jane' | 'sam' | 'kim' | 'lee' | 'stan';

const PEOPLE: Array<[PersonKey, string, string]> = [
  ['hr', 'Harper HR', 'Europe/Berlin'],
  ['jane', 'Jane Client', 'Europe/London'],
  ['sam', 'Sam Sponsor', 'America/New_York'],
  ['kim', 'Kim Coach', 'Asia/Tokyo'],
  ['lee', 'Lee Coach', 'Europe/Oslo'],
  ['stan', 'Stan Stranger', 'Europe/Paris'],
];

/** `env`: more configuration over the harness's own (e.g. TEAMS_FIRM_TENANT_ID). */
export async function startTeamsHarness(
  clock: Clock,
  env: Record<string, string> = {},
): Promise<TeamsHarness> {
  const teams = await startTeamsFakes();
  const people = {} as Record<PersonKey, Person>;
  for (const [key, name, timezone] of PEOPLE) {
    const email = `${key}@contoso.example`;
    people[key] = {
      key,
      timezone,
      user: teams.fake.addUser({ name, email, userPrincipalName: email } as never),
    };
  }
  const hr = people.hr;
  const database = await createTestDatabase();
  const { logger, lines } = capturingLogger();
  const db: DatabaseHandle<unknown> = createDatabase(database.url, { max: 5 });
  const uow = createUnitOfWork(db.db, { logger });
  const key = randomBytes(32).toString('base64');
  // The server listens first: its address is the app's public URL, which the configuration needs.
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server: Server = createServer((req, res) => {
    if (handle) handle(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = `${baseUrl}/api/messages`;
  const config = parseAppConfig({
    TRIAD_ENCRYPTION_KEYS: `e2e:${key}`,
    TRIAD_PUBLIC_URL: baseUrl,
    TEAMS_APP_ID: APP_ID,
    TEAMS_APP_PASSWORD: APP_PASSWORD,
    TEAMS_APP_TENANT_ID: TENANT_ID,
    HR_ADMINS: hr.user.id,
    // Every Teams endpoint from configuration alone, as an operator would point a process at local stand-ins.
    ...teams.endpointsConfig(),
    ...env,
  });
  const core = {
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
  const downloads = downloadRoutes(config, core);
  handle = (req, res) => {
    const path = new URL(req.url ?? '/', baseUrl).pathname;
    const download = downloads.find((route) => routeMatches(route.path, path));
    if (req.method === 'GET' && download) {
      download.handler(req as never, res);
      return;
    }
    if (path !== '/api/messages') {
      res.writeHead(404).end();
      return;
    }
    wiring.endpoint(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };

  const post: TeamsHarness['post'] = (activity, options = {}) => {
    const authorization =
      options.authorization === undefined ? `Bearer ${teams.channelToken()}` : options.authorization;
    return postActivity(url, activity, authorization ? { authorization } : {});
  };
  // What Teams does after Graph installs Triad somewhere: it tells the bot, through the channel, like any activity.
  teams.graph.deliverTo((activity) => post(activity));
  const chatOf = (person: Person) => {
    const found = [...teams.fake.conversations.values()].find(
      (c) => c.conversationType === 'personal' && c.memberIds[0] === person.user.id,
    );
    return found ?? teams.fake.addConversation({ conversationType: 'personal', memberIds: [person.user.id] });
  };

  return {
    teams,
    core,
    messenger: wiring.messenger,
    database,
    uow,
    logLines: lines,
    url,
    baseUrl,
    signer: createHmacLinkSigner(config.TRIAD_ENCRYPTION_KEYS),
    people,
    post,
    chatOf,
    say: (person, text, conversation, extra = {}) =>
      post(spokenActivity(teams.fake, people, person, text, conversation ?? chatOf(person), extra)),
    invoke: (person, conversation, data, options = {}) =>
      post(cardActionActivity(teams.fake, person, conversation, data, options)),
    dialog: (person, conversation, name, data) =>
      post(dialogActivity(teams.fake, person, conversation, name, data)),
    async drain() {
      await teams.graph.settled();
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
            waiting.delete(id);
          } else if (outcome.outcome === 'retry') waiting.add(`${outcome.code}`);
          else if (outcome.outcome !== 'skipped') throw new Error(`delivery ${JSON.stringify(outcome)}`);
        }
        await teams.graph.settled();
        if (!progress) break;
      }
      return { sent, waiting: [...waiting].sort() };
    },
    async snapshot() {
      const tables = [
        'organisations',
        'people',
        'engagements',
        'spaces',
        'meetings',
        'reflection_prompts',
        'private_entries',
        'consents',
        'releases',
        'outbox',
        'audit_log',
        'processed_requests',
      ];
      const rows: Record<string, unknown[]> = {};
      for (const table of tables) {
        rows[table] = await database.sql.unsafe(`select * from ${table} order by 1`);
      }
      return rows;
    },
    async close() {
      await teams.graph.settled().catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await teams.close();
      await db.close();
      await database.drop();
    },
  };
}

/** The message `person` types in `where`, as Teams sends it: `@key` words become mentions of `people`. */
export function spokenActivity(
  fake: FakeBotConnector,
  people: TeamsHarness['people'],
  person: Person,
  text: string,
  where: FakeConversation,
  extra: Partial<InboundActivityInput> = {},
): Partial<Activity> {
  const entities: unknown[] = [];
  const withMentions = text.replace(/@([a-z]+)\b/g, (word, name: string) => {
    const mentioned = people[name as PersonKey] as Person | undefined;
    if (!mentioned) return word;
    const tag = `<at>${mentioned.user.name}</at>`;
    entities.push({
      type: 'mention',
      text: tag,
      mentioned: { id: mentioned.user.id, name: mentioned.user.name },
    });
    return tag;
  });
  const activity = inboundActivity(fake, {
    conversationId: where.id,
    fromUserId: person.user.id,
    text: withMentions,
    botAppId: APP_ID,
    timezone: person.timezone,
    mentionBot: where.conversationType !== 'personal',
    ...extra,
  });
  activity.entities = [...(activity.entities ?? []), ...(entities as never[])];
  return activity;
}

/** An Action.Execute invoke on a card in `conversation`, as Teams sends it when `person` presses a button. */
export function cardActionActivity(
  fake: FakeBotConnector,
  person: Person,
  conversation: FakeConversation,
  data: Record<string, unknown>,
  options: { replyToId?: string } = {},
): Partial<Activity> {
  return inboundActivity(fake, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    conversationId: conversation.id,
    fromUserId: person.user.id,
    botAppId: APP_ID,
    timezone: person.timezone,
    value: { action: { type: 'Action.Execute', verb: data.actionId, data }, trigger: 'manual' },
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
  });
}

/** A dialog (task module) invoke, as Teams sends it when `person` opens a dialog or presses a button in one. */
export function dialogActivity(
  fake: FakeBotConnector,
  person: Person,
  conversation: FakeConversation,
  name: 'task/fetch' | 'task/submit',
  data: Record<string, unknown>,
): Partial<Activity> {
  return inboundActivity(fake, {
    type: 'invoke',
    name,
    conversationId: conversation.id,
    fromUserId: person.user.id,
    botAppId: APP_ID,
    timezone: person.timezone,
    value: { data, context: { theme: 'default' } },
  });
}
