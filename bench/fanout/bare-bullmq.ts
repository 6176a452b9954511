import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startChild } from '../lib/child.js';
import { round, summarise } from '../lib/stats.js';

export interface FanoutFigures {
  jobs: number;
  /** Worker concurrency (bare BullMQ). */
  concurrency?: number;
  /** From the due time to the last job done. */
  elapsedMs: number;
  perSecond: number;
  latenessMs: ReturnType<typeof summarise>;
}

export interface BareOptions {
  redisUrl: string;
  prefix: string;
  jobs: number;
  concurrency: number;
  /** Lead time between the last job enqueued and the moment they all fall due. */
  leadMs: number;
  /** The no-op worker's entry point (compiled, like the process it is compared with). */
  workerEntry: string;
}

/**
 * Bare BullMQ: `jobs` delayed jobs that fall due at the same instant, one no-op worker process with the
 * given concurrency, the same Redis. The worker runs in its own process, as Triad's does.
 */
export async function measureBareBullmq(options: BareOptions): Promise<FanoutFigures> {
  const queueName = `bare-fanout-${Date.now()}`;
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, { connection, prefix: options.prefix });
  const worker = await startChild({
    entry: options.workerEntry,
    env: {
      REDIS_URL: options.redisUrl,
      BENCH_QUEUE: queueName,
      BENCH_PREFIX: options.prefix,
      BENCH_CONCURRENCY: String(options.concurrency),
      BENCH_JOBS: String(options.jobs),
    },
    ready: { kind: 'line' },
  });
  try {
    const enqueueStarted = Date.now();
    // Estimate how long adding takes so every job is in Redis before the due time.
    const dueAt = enqueueStarted + options.leadMs;
    for (let from = 0; from < options.jobs; from += 1_000) {
      const batch = Array.from({ length: Math.min(1_000, options.jobs - from) }, (_, k) => ({
        name: 'noop',
        data: { dueAt, n: from + k },
        opts: { delay: dueAt - Date.now(), jobId: `bare.${from + k}`, removeOnComplete: true },
      }));
      await queue.addBulk(batch);
    }
    if (Date.now() > dueAt) throw new Error('enqueueing took longer than the lead time; raise leadMs');
    const line = await worker.waitForLine(/^BENCH_DONE /, 10 * 60_000);
    const done = JSON.parse(line.slice('BENCH_DONE '.length)) as { lateness: number[]; last: number };
    const elapsedMs = done.last - dueAt;
    return {
      jobs: options.jobs,
      concurrency: options.concurrency,
      elapsedMs,
      perSecond: round((options.jobs / Math.max(1, elapsedMs)) * 1000, 1),
      latenessMs: summarise(done.lateness),
    };
  } finally {
    await worker.stop();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    connection.disconnect();
  }
}
