import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../../support/fake-slack/index.js';
import {
  postToBolt,
  type ResponseUrlSink,
  signedSlackRequest,
  slashCommandBody,
  startResponseUrlSink,
} from '../../support/slack-signing.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { type TestRedis, testRedis } from '../../support/test-redis.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const SECRET = 'server-process-signing-secret';
const HR = 'U0HR000001';
const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const COACH = 'U0COACH001';
const CANARY_LOG = 'never-in-a-log-7c1d';

let fake: FakeSlack;
let sink: ResponseUrlSink;
let database: TestDatabase;
let redis: TestRedis;
let server: ChildProcess;
let output = '';
let base = '';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Polls until `check` holds (the app and its workers run on their own time); fails after `limitMs`. */
async function until(check: () => boolean | Promise<boolean>, limitMs = 20_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end)
      throw new Error(
        `condition not met; server output:\n${output
          .split('\n')
          .filter((l) => !l.includes('"sql"'))
          .slice(-30)
          .join('\n')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  fake = await startFakeSlack({
    users: [
      { id: HR, name: 'harper', tz: 'Europe/London' },
      { id: CLIENT, name: 'jane', tz: 'Europe/London' },
      { id: SPONSOR, name: 'sam', tz: 'America/New_York' },
      { id: COACH, name: 'kim', tz: 'Asia/Tokyo' },
    ],
  });
  sink = await startResponseUrlSink();
  database = await createTestDatabase();
  redis = testRedis();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['--import', 'tsx', 'bin/server.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.SERVER_LOG_LEVEL ?? 'debug',
      PORT: String(port),
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix,
      TRIAD_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      HR_ADMINS: HR,
      SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.url,
      RUN_WORKERS_IN_APP: 'true',
      OPS_TOKEN,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  server.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  await until(async () => {
    try {
      return (await fetch(`${base}/healthz`)).status === 200;
    } catch {
      return false;
    }
  }, 30_000);
});

afterAll(async () => {
  if (server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
  await redis.cleanup();
  await database.drop();
  await sink.close();
  await fake.close();
});

const OPS_TOKEN = 'server-process-ops-token-000000';

describe('bin/server.ts with the workers in the app', () => {
  it('is ready once Postgres and Redis answer, as its operator (OPS_TOKEN) sees', async () => {
    expect((await fetch(`${base}/readyz`)).status).toBe(401);
    const ready = await fetch(`${base}/readyz`, { headers: { authorization: `Bearer ${OPS_TOKEN}` } });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { postgres: 'ok', redis: 'ok' } });
  });

  it('refuses an unsigned request', async () => {
    const body = slashCommandBody({ command: '/coaching', text: 'list', user_id: HR });
    const response = await fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': body.contentType },
      body: body.body,
    });
    expect(response.status).toBe(401);
  });

  it('starts an engagement from /coaching, and the BullMQ delivery worker posts the welcomes to Slack', async () => {
    const text = `start client:<@${CLIENT}> sponsor:<@${SPONSOR}> coach:<@${COACH}> ${CANARY_LOG}`;
    const refused = await postToBolt(
      `${base}/slack/events`,
      signedSlackRequest({
        signingSecret: SECRET,
        body: slashCommandBody({ command: '/coaching', text, user_id: HR, response_url: sink.urlFor('bad') }),
      }),
    );
    expect(refused.status).toBe(200);
    await until(() => sink.postsTo('bad').length > 0);
    const response = await postToBolt(
      `${base}/slack/events`,
      signedSlackRequest({
        signingSecret: SECRET,
        body: slashCommandBody({
          command: '/coaching',
          text: `start client:<@${CLIENT}> sponsor:<@${SPONSOR}> coach:<@${COACH}>`,
          user_id: HR,
          response_url: sink.urlFor('start'),
        }),
      }),
    );
    expect(response.status).toBe(200);
    await until(() => sink.postsTo('start').length > 0);
    expect(JSON.stringify(sink.postsTo('start')[0]?.body)).toContain('started for jane');
    await until(() => fake.messagesIn(CLIENT).length > 0);
    await until(() => fake.conversations.all().some((c) => c.name.startsWith('triad-sponsor-')));
    const sponsor = fake.conversations.all().find((c) => c.name.startsWith('triad-sponsor-'));
    await until(() => fake.messagesIn(sponsor?.id ?? '').length > 0);
    expect(JSON.stringify(fake.messagesIn(CLIENT)[0]?.blocks)).toContain(
      'Your coaching engagement has started',
    );
    expect(fake.messagesIn(CLIENT)[0]?.metadata?.event_type).toBe('triad_outbox');
    await until(async () => {
      const [row] = await database.sql<
        { n: number }[]
      >`select count(*)::int as n from outbox where status <> 'sent'`;
      return row?.n === 0;
    });
    // Deliveries ran concurrently, yet each space is one channel.
    const channels = fake.conversations.all().filter((c) => c.name.startsWith('triad-'));
    expect(channels.map((c) => c.name.replace(/(-[0-9a-f]{4,8})+$/, '')).sort()).toEqual([
      'triad-coaching',
      'triad-sponsor',
    ]);
    expect(output).not.toContain(CANARY_LOG);
  });

  it('stops cleanly on SIGTERM', async () => {
    server.kill('SIGTERM');
    const code = await new Promise((resolve) => server.once('exit', resolve));
    expect(code).toBe(0);
  });
});
