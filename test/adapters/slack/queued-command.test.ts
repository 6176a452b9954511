import { Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  QUEUED_COMMAND_KIND,
  type QueuedCommand,
  runQueuedCommand,
} from '../../../adapters/slack/commands/queued-command.js';
import { createLookupClient } from '../../../adapters/slack/slack-web-client.js';
import {
  type InboundQueue,
  type InboundWorker,
  openInboundQueue,
  startInboundWorker,
} from '../../../jobs/inbound-queue.js';
import { openQueues, type TriadQueues } from '../../../jobs/queues.js';
import { type SlackHarness, startSlackHarness } from '../../e2e/slack/slack-harness.js';
import { waitFor } from '../../jobs/support/wait-for.js';
import { FAKE_BOT_TOKEN } from '../../support/fake-slack/index.js';
import { slashCommandBody } from '../../support/slack-signing.js';
import { type TestRedis, testRedis } from '../../support/test-redis.js';

/**
 * `/coaching` with the inbound queue, as `npm start` runs it: the app acknowledges an HR command once it is
 * queued, a worker runs it and answers through the response_url. Real Bolt over signed HTTP, Postgres, Redis.
 */
const HR = 'U0HR000001';
const users = [
  { id: HR, name: 'harper', tz: 'Europe/London' },
  { id: 'U0CLIENT01', name: 'jane', tz: 'Europe/London' },
  { id: 'U0CLIENT02', name: 'joan', tz: 'Europe/London' },
  { id: 'U0CLIENT03', name: 'june', tz: 'Europe/London' },
  { id: 'U0SPONSOR1', name: 'sam', tz: 'America/New_York' },
  { id: 'U0COACH001', name: 'kim', tz: 'Asia/Tokyo' },
];
const startFor = (client: string) => `start client:<@${client}> sponsor:<@U0SPONSOR1> coach:<@U0COACH001>`;

let redis: TestRedis;
let queues: TriadQueues;
let inbound: InboundQueue;
let h: SlackHarness;
let worker: InboundWorker | undefined;
/** A connected worker that takes nothing: commands are queued (someone listens) and wait for `startWorker`. */
let listener: Worker;

beforeAll(async () => {
  redis = testRedis();
  queues = openQueues({ redisUrl: redis.url, prefix: redis.prefix });
  inbound = openInboundQueue(queues);
  listener = new Worker('inbound', async () => undefined, {
    connection: redis.connection(),
    prefix: redis.prefix,
  });
  await listener.waitUntilReady();
  await listener.pause();
  h = await startSlackHarness({
    users,
    commands: {
      enqueue: (command: QueuedCommand) => inbound.add(QUEUED_COMMAND_KIND, command.triggerId, command),
    },
  });
});

afterAll(async () => {
  await worker?.close();
  await listener.close();
  await inbound.close();
  await queues.close();
  await redis.cleanup();
  await h.close();
});

const client = () => createLookupClient({ token: FAKE_BOT_TOKEN, apiUrl: h.fake.url, logger: h.deps.logger });
const startWorker = () => {
  worker ??= startInboundWorker(
    queues,
    { [QUEUED_COMMAND_KIND]: (payload) => runQueuedCommand(payload, h.deps, client()) },
    { logger: h.deps.logger },
  );
};
const engagementsOf = async (clientId: string) =>
  (
    await h.database.sql<{ n: number }[]>`
      select count(*)::int as n from engagements e join people p on p.id = e.client_id
      where p.platform_user_id = ${clientId}`
  )[0]?.n ?? 0;

async function sendCommand(text: string, triggerId: string) {
  const key = `${triggerId}-reply`;
  const body = slashCommandBody({
    command: '/coaching',
    text,
    user_id: HR,
    response_url: h.sink.urlFor(key),
    trigger_id: triggerId,
  });
  const response = await h.post(body);
  return { status: response.status, replies: () => h.sink.postsTo(key).map((post) => post.body) };
}

describe('/coaching through the inbound queue', () => {
  it('acknowledges a start before anything is written; the worker starts the engagement and answers once', async () => {
    const sent = await sendCommand(startFor('U0CLIENT01'), '1001.2001.aaa');
    const again = await sendCommand(startFor('U0CLIENT01'), '1001.2001.aaa');

    expect([sent.status, again.status]).toEqual([200, 200]);
    expect(await engagementsOf('U0CLIENT01')).toBe(0);
    expect(sent.replies()).toEqual([]);
    expect(await queues.connection().keys(`${redis.prefix}:inbound:*`)).not.toEqual([]);

    startWorker();
    const replies = await waitFor('the answer', () => sent.replies().length > 0 && sent.replies());
    expect(JSON.stringify(replies)).toContain('started');
    await waitFor('no job left', async () => (await waitingJobs()) === 0);
    expect(await engagementsOf('U0CLIENT01')).toBe(1);
    expect(sent.replies()).toHaveLength(1);
  });

  it('runs a command the worker is handed twice only once (the claim in Postgres)', async () => {
    startWorker();
    const command: QueuedCommand = {
      teamId: 'T0TRIAD001',
      userId: HR,
      channelId: 'C0TRIADGEN',
      text: startFor('U0CLIENT02'),
      triggerId: '1002.2002.bbb',
      responseUrl: h.sink.urlFor('twice'),
    };
    await runQueuedCommand(command, h.deps, client());
    await runQueuedCommand(command, h.deps, client());
    expect(await engagementsOf('U0CLIENT02')).toBe(1);
    expect(h.sink.postsTo('twice')).toHaveLength(1);
  });

  it('answers bad input at once, queues nothing and writes nothing', async () => {
    const before = await h.counts();
    const sent = await sendCommand('start client:<@U0CLIENT03>', '1003.2003.ccc');
    expect(sent.status).toBe(200);
    expect(JSON.stringify(sent.replies())).toContain('Name the sponsor');
    expect(await h.counts()).toEqual(before);
  });

  it('runs the command in the app when no worker listens on the queue', async () => {
    const elsewhere = testRedis();
    const idle = openQueues({ redisUrl: elsewhere.url, prefix: elsewhere.prefix });
    const unattended = openInboundQueue(idle);
    const app = await startSlackHarness({
      users,
      commands: { enqueue: (command) => unattended.add(QUEUED_COMMAND_KIND, command.triggerId, command) },
    });
    try {
      const key = 'no-worker';
      const response = await app.post(
        slashCommandBody({
          command: '/coaching',
          text: startFor('U0CLIENT02'),
          user_id: HR,
          response_url: app.sink.urlFor(key),
          trigger_id: '1005.2005.eee',
        }),
      );
      expect(response.status).toBe(200);
      expect(JSON.stringify(app.sink.postsTo(key).map((post) => post.body))).toContain('started');
      expect((await app.counts()).engagements).toBe(1);
      expect(app.logLines.join('\n')).toContain('NoInboundWorkerError');
    } finally {
      await app.close();
      await unattended.close();
      await idle.close();
      await elsewhere.cleanup();
    }
  });

  it('runs the command in the app when the queue cannot take it', async () => {
    const down = openQueues({ redisUrl: 'redis://127.0.0.1:1', prefix: redis.prefix });
    const unreachable = openInboundQueue(down);
    const app = await startSlackHarness({
      users,
      commands: { enqueue: (command) => unreachable.add(QUEUED_COMMAND_KIND, command.triggerId, command) },
    });
    try {
      const key = 'fallback';
      const response = await app.post(
        slashCommandBody({
          command: '/coaching',
          text: startFor('U0CLIENT03'),
          user_id: HR,
          response_url: app.sink.urlFor(key),
          trigger_id: '1004.2004.ddd',
        }),
      );
      expect(response.status).toBe(200);
      expect(JSON.stringify(app.sink.postsTo(key).map((post) => post.body))).toContain('started');
      expect((await app.counts()).engagements).toBe(1);
    } finally {
      await app.close();
      await unreachable.close();
      await down.close();
    }
  });
});

async function waitingJobs(): Promise<number> {
  const queue = new Queue('inbound', { connection: queues.connection(), prefix: redis.prefix });
  try {
    return (await queue.getJobCountByTypes('waiting', 'active', 'delayed')) as number;
  } finally {
    await queue.close();
  }
}
