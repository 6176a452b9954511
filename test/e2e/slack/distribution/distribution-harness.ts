import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SLACK_EVENTS_PATH } from '../../../../adapters/slack/slack-app.js';
import { parseAppConfig } from '../../../../bin/config/app.config.js';
import { type SlackWiring, wireSlack } from '../../../../bin/wire-slack-app.js';
import { createDatabase } from '../../../../db/client.js';
import { slackInstallationRepository } from '../../../../db/repositories/slack-installation.repository.js';
import { createUnitOfWork } from '../../../../db/unit-of-work.js';
import { type DeliveryOutcome, deliverOutboxEntry } from '../../../../src/outbox/deliver-outbox-entry.js';
import { type CoreDeps, defaultSettings } from '../../../../src/use-cases/deps.js';
import { capturingLogger, manualClock, recordingScheduler } from '../../../support/core-deps.js';
import {
  type CloudWorkspaceInput,
  type FakeSlackCloud,
  type ResponseUrlSink,
  startFakeSlackCloud,
  startResponseUrlSink,
} from '../../../support/fake-slack/index.js';
import {
  type BoltResponse,
  type InboundBody,
  postToBolt,
  signedSlackRequest,
  slashCommandBody,
} from '../../../support/slack-signing.js';
import { createTestDatabase, type TestDatabase } from '../../../support/test-database.js';

export const SIGNING_SECRET = 'distribution-signing-secret';
export const CLIENT_ID = '1111111111.2222222222';
export const CLIENT_SECRET = 'distribution-client-secret';

export interface DistributionHarness {
  cloud: FakeSlackCloud;
  sink: ResponseUrlSink;
  database: TestDatabase;
  core: CoreDeps & { clock: ReturnType<typeof manualClock> };
  slack: SlackWiring;
  logLines: string[];
  base: string;
  /** /slack/install → Slack's authorize page (a person of `teamId` allows) → /slack/oauth_redirect. */
  install(teamId: string, userId: string): Promise<{ status: number; body: string }>;
  /** The same, for an org-wide install by an admin of an Enterprise Grid organisation. */
  installOrgWide(enterpriseId: string, userId: string): Promise<{ status: number; body: string }>;
  post(body: InboundBody): Promise<BoltResponse>;
  command(
    teamId: string,
    userId: string,
    text: string,
    /** A workspace of an Enterprise Grid organisation where Triad is installed org-wide. */
    orgWide?: { enterpriseId: string },
  ): Promise<unknown[]>;
  /** Delivers every due pending entry through distribution mode's messenger; returns each outcome. */
  drain(options?: { concurrent?: boolean }): Promise<DeliveryOutcome[]>;
  close(): Promise<void>;
}

/** The app in Slack distribution mode (configured as in production) against a fake Slack of many workspaces. */
export async function startDistributionHarness(options: {
  workspaces: CloudWorkspaceInput[];
  hrAdmins: string[];
  rotationSeconds?: number;
  enterprises?: { enterpriseId: string; name: string; teamIds: string[] }[];
}): Promise<DistributionHarness> {
  const clock = manualClock(new Date());
  const cloud = await startFakeSlackCloud({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    workspaces: options.workspaces,
    ...(options.rotationSeconds ? { rotationSeconds: options.rotationSeconds } : {}),
    ...(options.enterprises ? { enterprises: options.enterprises } : {}),
    clock: () => clock.now().getTime(),
  });
  const sink = await startResponseUrlSink();
  const database = await createTestDatabase();
  const { logger, lines } = capturingLogger();
  const db = createDatabase(database.url, { max: 10 });
  const config = parseAppConfig({
    DATABASE_URL: database.url,
    TRIAD_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_STATE_SECRET: 'distribution-state-secret',
    SLACK_API_URL: cloud.url,
    TRIAD_PUBLIC_URL: 'http://127.0.0.1',
  });
  const { createAesGcmCipher } = await import('../../../../adapters/crypto/aes-gcm.cipher.js');
  const core = {
    uow: createUnitOfWork(db.db, { logger }),
    cipher: createAesGcmCipher(config.TRIAD_ENCRYPTION_KEYS),
    clock,
    ids: { newId: () => randomUUID() },
    logger,
    scheduler: recordingScheduler(),
    settings: { ...defaultSettings, hrAdmins: options.hrAdmins },
  };
  const installations = slackInstallationRepository(db.db);
  // The redirect URL is set once the port is known (Slack checks it against the app's settings).
  let base = '';
  const slack = wireSlack({ ...config, TRIAD_PUBLIC_URL: undefined }, core, {
    processBeforeResponse: true,
    installations,
  });
  if (!slack?.distribution) throw new Error('distribution mode did not start');
  const server = await slack.app.start(0, '127.0.0.1');
  if (!server) throw new Error('no HTTP server');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (body: InboundBody) =>
    postToBolt(`${base}${SLACK_EVENTS_PATH}`, signedSlackRequest({ signingSecret: SIGNING_SECRET, body }));
  const deliver = (id: string) =>
    deliverOutboxEntry(
      { outboxId: id },
      { uow: core.uow, cipher: core.cipher, clock, logger, messengers: { slack: slack.messenger } },
    );
  return {
    cloud,
    sink,
    database,
    core,
    slack,
    logLines: lines,
    base,
    install: (teamId, userId) => throughSlack(base, (authorize) => cloud.allow(authorize, teamId, userId)),
    installOrgWide: (enterpriseId, userId) =>
      throughSlack(base, (authorize) => cloud.allowOrgWide(authorize, enterpriseId, userId)),
    post,
    async command(teamId, userId, text, orgWide) {
      const key = randomUUID();
      await post(
        slashCommandBody({
          command: '/coaching',
          text,
          user_id: userId,
          team_id: teamId,
          response_url: sink.urlFor(key),
          ...(orgWide ? { enterprise_id: orgWide.enterpriseId, is_enterprise_install: true } : {}),
        }),
      );
      return sink.postsTo(key).map((p) => p.body);
    },
    async drain(opts = {}) {
      const outcomes: DeliveryOutcome[] = [];
      for (let round = 0; round < 10; round += 1) {
        const due = await database.sql<{ id: string }[]>`
          select id from outbox where status = 'pending' and available_at <= ${clock.now()} order by seq`;
        if (due.length === 0) break;
        const results = opts.concurrent
          ? await Promise.all(due.map(({ id }) => deliver(id)))
          : await sequential(
              due.map(
                ({ id }) =>
                  () =>
                    deliver(id),
              ),
            );
        outcomes.push(...results);
        if (results.every((r) => r.outcome !== 'sent')) break;
      }
      return outcomes;
    },
    async close() {
      await slack.app.stop();
      await sink.close();
      await cloud.close();
      await db.close();
      await database.drop();
    },
  };
}

/** /slack/install → Slack's authorize page (someone allows) → /slack/oauth_redirect with the state cookie. */
async function throughSlack(base: string, allow: (authorizeUrl: string) => Promise<string>) {
  const start = await fetch(`${base}/slack/install`, { redirect: 'manual' });
  const location = start.headers.get('location') ?? '';
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const back = await allow(withRedirect(location, `${base}/slack/oauth_redirect`));
  const done = await fetch(back, { headers: { cookie }, redirect: 'manual' });
  return { status: done.status, body: await done.text() };
}

async function sequential<T>(work: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  for (const step of work) results.push(await step());
  return results;
}

/** Bolt names the redirect URL only when configured; Slack then uses the app's registered one (this one). */
function withRedirect(authorizeUrl: string, redirectUri: string): string {
  const url = new URL(authorizeUrl);
  if (!url.searchParams.has('redirect_uri')) url.searchParams.set('redirect_uri', redirectUri);
  return url.toString();
}
