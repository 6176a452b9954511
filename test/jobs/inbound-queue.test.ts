import { Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  INBOUND_QUEUE_NAME,
  type InboundQueue,
  NoInboundWorkerError,
  openInboundQueue,
} from '../../jobs/inbound-queue.js';
import { openQueues, type TriadQueues } from '../../jobs/queues.js';
import { type TestRedis, testRedis } from '../support/test-redis.js';

/** The producer side of the inbound queue on a real Redis: what the app does between a command and its ack. */
let redis: TestRedis;
let queues: TriadQueues;
let inbound: InboundQueue;
let reader: Queue;
let listener: Worker;

beforeAll(async () => {
  redis = testRedis();
  queues = openQueues({ redisUrl: redis.url, prefix: redis.prefix });
  inbound = openInboundQueue(queues);
  reader = new Queue(INBOUND_QUEUE_NAME, { connection: redis.connection(), prefix: redis.prefix });
  // A worker is connected (so requests are queued) but takes nothing, so the test can read what was queued.
  listener = new Worker(INBOUND_QUEUE_NAME, async () => undefined, {
    connection: redis.connection(),
    prefix: redis.prefix,
  });
  await listener.waitUntilReady();
  await listener.pause();
});
afterAll(async () => {
  await listener.close();
  await reader.close();
  await inbound.close();
  await queues.close();
  await redis.cleanup();
});

describe('the inbound queue', () => {
  it('queues a burst of requests arriving together once each, a re-sent one included', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `1700.${i}.burst`);
    await Promise.all([
      ...ids.map((id) => inbound.add('slack-command', id, { triggerId: id })),
      inbound.add('slack-command', ids[3] as string, { triggerId: ids[3] }),
    ]);
    await inbound.add('slack-command', ids[7] as string, { triggerId: ids[7] });

    const jobs = await reader.getJobs(['waiting'], 0, -1);
    expect(jobs.map((job) => job.data.triggerId).sort()).toEqual([...ids].sort());
  });

  it('refuses when no worker is listening, so the caller runs the request itself instead of leaving it', async () => {
    const elsewhere = testRedis();
    const idle = openQueues({ redisUrl: elsewhere.url, prefix: elsewhere.prefix });
    const unattended = openInboundQueue(idle);
    try {
      await expect(unattended.add('slack-command', '1.1.alone', {})).rejects.toBeInstanceOf(
        NoInboundWorkerError,
      );
    } finally {
      await unattended.close();
      await idle.close();
      await elsewhere.cleanup();
    }
  });

  it('refuses at once when Redis cannot be reached, so the caller can run the request itself', async () => {
    const down = openQueues({ redisUrl: 'redis://127.0.0.1:1', prefix: redis.prefix });
    const unreachable = openInboundQueue(down);
    try {
      const outcomes = await Promise.allSettled([
        unreachable.add('slack-command', '1.1.down', {}),
        unreachable.add('slack-command', '1.2.down', {}),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    } finally {
      await unreachable.close();
      await down.close();
    }
  });
});
