import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createAesGcmCipher } from '../../../adapters/crypto/aes-gcm.cipher.js';
import { createSlackApp, SLACK_EVENTS_PATH, type SlackApp } from '../../../adapters/slack/slack-app.js';
import type { SlackCommandQueue, SlackDeps } from '../../../adapters/slack/slack-deps.js';
import { SlackDirectory } from '../../../adapters/slack/slack-directory.js';
import { SlackMessenger } from '../../../adapters/slack/slack-messenger.js';
import { createDeliveryClient, createLookupClient } from '../../../adapters/slack/slack-web-client.js';
import { createDatabase, type DatabaseHandle } from '../../../db/client.js';
import { createUnitOfWork } from '../../../db/unit-of-work.js';
import { deliverOutboxEntry } from '../../../src/outbox/deliver-outbox-entry.js';
import { type Clock, systemClock } from '../../../src/ports/clock.js';
import type { UnitOfWork } from '../../../src/ports/repositories.js';
import { type CoreSettings, type DirectoryDeps, defaultSettings } from '../../../src/use-cases/deps.js';
import { capturingLogger, recordingScheduler, testEncryptionKeys } from '../../support/core-deps.js';
import {
  FAKE_BOT_TOKEN,
  type FakeSlack,
  type ResponseUrlSink,
  startFakeSlack,
  startResponseUrlSink,
  type UserInput,
} from '../../support/fake-slack/index.js';
import {
  type BlockActionInput,
  type BoltResponse,
  blockActionsPayload,
  eventBody,
  type InboundBody,
  interactionBody,
  postToBolt,
  signedSlackRequest,
  slashCommandBody,
  type ViewSubmissionInput,
  viewSubmissionPayload,
} from '../../support/slack-signing.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

export const SIGNING_SECRET = 'e2e-signing-secret';

export interface SlackHarness {
  fake: FakeSlack;
  sink: ResponseUrlSink;
  deps: SlackDeps & { core: DirectoryDeps & { scheduler: ReturnType<typeof recordingScheduler> } };
  messenger: SlackMessenger;
  database: TestDatabase;
  uow: UnitOfWork;
  logLines: string[];
  endpoint: string;
  /** POSTs a signed body to /slack/events. */
  post(
    body: InboundBody,
    options?: { retryNum?: number; timestamp?: number; secret?: string },
  ): Promise<BoltResponse>;
  /** Runs `/coaching <text>` as a user; returns what came back through the response_url. */
  command(
    userId: string,
    text: string,
    channelId?: string,
  ): Promise<{ status: number; replies: unknown[]; key: string }>;
  action(input: BlockActionInput): Promise<BoltResponse>;
  submit(input: ViewSubmissionInput): Promise<BoltResponse>;
  event(event: Record<string, unknown>, eventId?: string, retryNum?: number): Promise<BoltResponse>;
  /**
   * Delivers every pending outbox entry through the Slack messenger (the core's delivery use case, as the
   * delivery worker runs it) until none is left; returns how many were sent.
   */
  drain(): Promise<number>;
  /** Row counts of the tables a command could change. */
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function startSlackHarness(
  options: {
    users?: UserInput[];
    settings?: Partial<CoreSettings>;
    clock?: Clock;
    /** The app's database instead of the test database (e.g. one that is down); counts still read the test one. */
    appDatabaseUrl?: string;
    /** Queue HR commands here for a worker instead of running them in the listener. */
    commands?: SlackCommandQueue;
  } = {},
): Promise<SlackHarness> {
  const fake = await startFakeSlack({ users: options.users ?? [] });
  const sink = await startResponseUrlSink();
  const database = await createTestDatabase();
  const { logger, lines } = capturingLogger();
  const db: DatabaseHandle<unknown> = createDatabase(options.appDatabaseUrl ?? database.url, { max: 5 });
  const uow = createUnitOfWork(db.db, { logger });
  const quiet = pino({ level: 'silent' });
  const core = {
    uow,
    cipher: createAesGcmCipher(testEncryptionKeys()),
    clock: options.clock ?? systemClock,
    ids: { newId: () => randomUUID() },
    logger,
    scheduler: recordingScheduler(),
    settings: { ...defaultSettings, hrAdmins: ['U0HR000001'], ...options.settings },
    directory: new SlackDirectory(
      createLookupClient({ token: FAKE_BOT_TOKEN, apiUrl: fake.url, logger: quiet }),
    ),
  };
  const deps = { core, logger, ...(options.commands ? { commands: options.commands } : {}) };
  const messenger = new SlackMessenger(
    createDeliveryClient({ token: FAKE_BOT_TOKEN, apiUrl: fake.url, logger }),
  );
  const slack: SlackApp = createSlackApp(
    {
      mode: 'http',
      botToken: FAKE_BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: fake.url,
      processBeforeResponse: true,
    },
    deps,
  );
  const server = await slack.start(0, '127.0.0.1');
  if (!server) throw new Error('the Slack app did not start an HTTP server');
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SLACK_EVENTS_PATH}`;
  const post: SlackHarness['post'] = (body, opts = {}) =>
    postToBolt(
      endpoint,
      signedSlackRequest({
        signingSecret: opts.secret ?? SIGNING_SECRET,
        body,
        ...(opts.retryNum !== undefined ? { retryNum: opts.retryNum } : {}),
        ...(opts.timestamp !== undefined ? { timestamp: opts.timestamp } : {}),
      }),
    );
  return {
    fake,
    sink,
    deps,
    messenger,
    database,
    uow,
    logLines: lines,
    endpoint,
    post,
    async command(userId, text, channelId) {
      const key = randomUUID();
      const response = await post(
        slashCommandBody({
          command: '/coaching',
          text,
          user_id: userId,
          response_url: sink.urlFor(key),
          ...(channelId ? { channel_id: channelId } : {}),
        }),
      );
      return { status: response.status, replies: sink.postsTo(key).map((p) => p.body), key };
    },
    action: (input) => post(interactionBody(blockActionsPayload(input))),
    submit: (input) => post(interactionBody(viewSubmissionPayload(input))),
    event: (event, eventId, retryNum) =>
      post(eventBody(event, eventId ? { event_id: eventId } : {}), retryNum ? { retryNum } : {}),
    async drain() {
      let sent = 0;
      for (let round = 0; round < 20; round += 1) {
        const pending = await database.sql<{ id: string }[]>`
          select id from outbox where status = 'pending' and available_at <= ${core.clock.now()}
          order by seq`;
        if (pending.length === 0) return sent;
        for (const { id } of pending) {
          const outcome = await deliverOutboxEntry(
            { outboxId: id },
            { uow, cipher: core.cipher, clock: core.clock, logger, messengers: { slack: messenger } },
          );
          if (outcome.outcome === 'sent') sent += 1;
          // Held for strangers in its space: it waits (available later) until they leave.
          else if (outcome.outcome === 'retry' && outcome.reason === 'held') continue;
          else if (outcome.outcome !== 'skipped')
            throw new Error(`delivery ${outcome.outcome}: ${JSON.stringify(outcome)}`);
        }
      }
      throw new Error('the outbox did not drain');
    },
    async counts() {
      const rows = await database.sql<{ table: string; n: number }[]>`
        select 'engagements' as table, count(*)::int as n from engagements
        union all select 'people', count(*)::int from people
        union all select 'organisations', count(*)::int from organisations
        union all select 'outbox', count(*)::int from outbox
        union all select 'meetings', count(*)::int from meetings`;
      return Object.fromEntries(rows.map((r) => [r.table, r.n]));
    },
    async close() {
      await slack.stop();
      await sink.close();
      await fake.close();
      await db.close();
      await database.drop();
    },
  };
}

/** The visible text of a Slack reply body (text + every block's text), for assertions. */
export function replyText(body: unknown): string {
  return JSON.stringify(body);
}
