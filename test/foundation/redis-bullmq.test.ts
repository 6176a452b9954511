import { type Job, Queue, QueueEvents, Worker } from 'bullmq';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { testRedis } from '../support/test-redis.js';

const redis = testRedis();
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});
afterAll(() => redis.cleanup());

/** A queue, its events and a worker running `process`, all under this file's prefix. */
async function queueWith<T>(name: string, process: (job: Job) => Promise<T>) {
  const options = { connection: redis.connection(), prefix: redis.prefix };
  const queue = new Queue(name, options);
  const events = new QueueEvents(name, { connection: redis.connection(), prefix: redis.prefix });
  const worker = new Worker(name, process, { connection: redis.connection(), prefix: redis.prefix });
  closers.push(
    () => worker.close(),
    () => events.close(),
    () => queue.close(),
  );
  await Promise.all([events.waitUntilReady(), worker.waitUntilReady()]);
  return { queue, events };
}

describe('BullMQ on the private Redis', () => {
  it('processes an added job and hands back its return value', async () => {
    const { queue, events } = await queueWith('double', async (job) => ({ doubled: job.data.n * 2 }));

    const job = await queue.add('double', { n: 21 });

    await expect(job.waitUntilFinished(events)).resolves.toEqual({ doubled: 42 });
  });

  it('retries a failing job as many times as its attempts allow, then succeeds', async () => {
    const attemptsSeen: number[] = [];
    const { queue, events } = await queueWith('flaky', async (job) => {
      attemptsSeen.push(job.attemptsMade);
      if (job.attemptsMade < 2) throw new Error('platform hiccup');
      return 'delivered';
    });

    const job = await queue.add('flaky', {}, { attempts: 3 });

    await expect(job.waitUntilFinished(events)).resolves.toBe('delivered');
    expect(attemptsSeen).toEqual([0, 1, 2]);
  });

  it('marks a job failed with its last error once the attempts are used up', async () => {
    const { queue, events } = await queueWith('doomed', async () => {
      throw new Error('channel archived');
    });

    const job = await queue.add('doomed', {}, { attempts: 2 });

    await expect(job.waitUntilFinished(events)).rejects.toThrow('channel archived');
    const stored = await queue.getJob(job.id ?? '');
    expect(await stored?.getState()).toBe('failed');
    expect(stored?.attemptsMade).toBe(2);
  });

  it('keeps its keys under the per-file prefix only', async () => {
    const { queue, events } = await queueWith('tidy', async () => 'ok');
    await (await queue.add('tidy', {})).waitUntilFinished(events);

    const keys = await redis.connection().keys('*');

    expect(keys.filter((key) => key.includes(':tidy:')).every((key) => key.startsWith(redis.prefix))).toBe(
      true,
    );
  });
});
