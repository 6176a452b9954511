import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startChild } from '../lib/child.js';
import { round } from '../lib/stats.js';
import { usedMemory, wipe } from './redis-memory.js';

export interface BareScheduleFigures {
  jobs: number;
  payload: 'minimal' | 'triad-sized';
  bytesPerJob: number;
  addMs: number;
  addedPerSecond: number;
  /** RSS of an idle bare worker process on that queue. */
  workerRssBytes: number;
}

const DAY = 24 * 3600_000;

/**
 * Bare BullMQ holding `jobs` delayed jobs in the future: memory per job and the time addBulk takes (the
 * floor of any rebuild), on a wiped private Redis. `triad-sized` gives each job a payload and id the size
 * of a Triad meeting reminder's, so the comparison is about Triad's own overhead.
 */
export async function measureBareSchedules(
  redisUrl: string,
  jobs: number,
  payload: BareScheduleFigures['payload'],
  workerEntry: string,
): Promise<BareScheduleFigures> {
  await wipe(redisUrl);
  const prefix = '{bench}';
  const before = await usedMemory(redisUrl);
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('bare-schedules', { connection, prefix });
  const started = performance.now();
  const base = Date.now() + 7 * DAY;
  for (let from = 0; from < jobs; from += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, jobs - from) }, (_, k) => {
      const n = from + k;
      const triadSized = payload === 'triad-sized';
      const engagementId = triadSized ? randomUUID() : '';
      const meetingId = triadSized ? randomUUID() : '';
      return {
        name: triadSized ? 'meeting-reminder' : 'noop',
        data: triadSized
          ? {
              engagementId,
              meetingId,
              reminder: 'sponsor-24h',
              startsAt: new Date(base + n * 1000).toISOString(),
            }
          : { n },
        opts: {
          delay: base + n * 1000 - Date.now(),
          jobId: triadSized ? `${engagementId}.meeting.${meetingId}.sponsor-24h` : `bare.${n}`,
          removeOnComplete: true,
        },
      };
    });
    await queue.addBulk(batch);
  }
  const addMs = performance.now() - started;
  const after = await usedMemory(redisUrl);
  const worker = await startChild({
    entry: workerEntry,
    env: {
      REDIS_URL: redisUrl,
      BENCH_QUEUE: 'bare-schedules',
      BENCH_PREFIX: prefix,
      BENCH_CONCURRENCY: '50',
      BENCH_JOBS: String(jobs),
    },
    ready: { kind: 'line' },
  });
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const workerRssBytes = worker.rss();
  await worker.stop();
  await queue.close();
  connection.disconnect();
  await wipe(redisUrl);
  return {
    jobs,
    payload,
    bytesPerJob: Math.round((after - before) / jobs),
    addMs: round(addMs),
    addedPerSecond: round((jobs / addMs) * 1000, 1),
    workerRssBytes,
  };
}
