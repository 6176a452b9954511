/**
 * The baseline of the fan-out benchmark: a bare BullMQ worker whose processor does nothing. It notes each
 * job's lateness against the due time in its data and, after BENCH_JOBS jobs, prints
 * `BENCH_DONE {"lateness":[…],"first":…,"last":…}`.
 * Env: REDIS_URL, BENCH_QUEUE, BENCH_PREFIX, BENCH_CONCURRENCY, BENCH_JOBS.
 */
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { announceReady, onStop } from '../lib/child.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const expected = Number(env('BENCH_JOBS'));
const lateness: number[] = [];
let first = Number.POSITIVE_INFINITY;
let last = 0;

const worker = new Worker(
  env('BENCH_QUEUE'),
  async (job) => {
    const now = Date.now();
    first = Math.min(first, now);
    last = Math.max(last, now);
    lateness.push(now - Number(job.data.dueAt));
  },
  {
    connection: new Redis(env('REDIS_URL'), { maxRetriesPerRequest: null }),
    prefix: env('BENCH_PREFIX'),
    concurrency: Number(env('BENCH_CONCURRENCY')),
  },
);
worker.on('completed', () => {
  if (lateness.length === expected) {
    process.stdout.write(`BENCH_DONE ${JSON.stringify({ lateness, first, last })}\n`);
  }
});
await worker.waitUntilReady();
announceReady({ pid: process.pid });
onStop(() => worker.close());
