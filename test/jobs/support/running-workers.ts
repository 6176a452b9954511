import { triadKey } from '../../../jobs/queues.js';
import { redisDeliveryPacer, redisPacer } from '../../../jobs/redis-pacer.js';
import type { RunningWorkers, WorkerSettings } from '../../../jobs/workers.js';
import { startWorkers } from '../../../jobs/workers.js';
import type { OutboxStatus } from '../../../src/engagement/records.js';
import type { JobRuntime } from './job-runtime.js';
import { waitFor } from './wait-for.js';

/** Test-speed settings: short locks and leases so a crashed worker's work is taken over quickly, no watchdog. */
export const fastWorkerSettings: WorkerSettings = {
  lockDuration: 2_000,
  stalledInterval: 1_000,
  watchdogMs: 0,
  deliveryLimit: { max: 1_000, duration: 1_000 },
  batch: { size: 50, leaseMs: 3_000, pollMs: 50, concurrency: 2 },
};

/** Starts this process's workers on the runtime, pacing each conversation at `intervalMs`. */
export async function runWorkers(
  runtime: JobRuntime,
  options: { intervalMs?: number; settings?: WorkerSettings } = {},
): Promise<RunningWorkers> {
  runtime.deps.pacer = redisPacer(runtime.queues.redis, {
    intervalMs: options.intervalMs ?? 20,
    keyOf: (key) => triadKey(runtime.queues, 'pace', key),
    clock: runtime.deps.clock,
  });
  const perSecond = 1000 / (options.intervalMs ?? 20);
  runtime.deps.deliveryPacer = redisDeliveryPacer(runtime.queues.redis, {
    limits: { slack: { conversation: { perSecond, burst: 1 }, tenant: { perSecond: 0, burst: 1 } } },
    keyOf: (key) => triadKey(runtime.queues, 'bucket', key),
    clock: runtime.deps.clock,
  });
  runtime.deps.deliveryPolicy = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 2_000 };
  return startWorkers(runtime.deps, runtime.queues, { ...fastWorkerSettings, ...options.settings });
}

/** Waits until every listed outbox row has left 'pending' and returns their statuses (one query per poll). */
export async function settled(runtime: JobRuntime, ids: readonly string[], timeoutMs?: number) {
  return waitFor(
    `${ids.length} outbox rows to settle`,
    async () => {
      const rows = await runtime.database.sql<{ id: string; status: OutboxStatus }[]>`
        select id, status from outbox where id::text = any(${[...ids]})`;
      if (rows.length < ids.length || rows.some((row) => row.status === 'pending')) return undefined;
      const byId = new Map(rows.map((row) => [row.id, row.status]));
      return ids.map((id) => byId.get(id) as OutboxStatus);
    },
    timeoutMs,
  );
}

/** Runs an engagement's next weekly prompt now (promotes the scheduler's delayed run). */
export async function runPromptNow(runtime: JobRuntime, engagementId: string): Promise<void> {
  const delayed = await runtime.queues.schedule.getDelayed();
  const next = delayed.find((job) => job.id?.startsWith(`repeat:${engagementId}.prompt:`));
  if (!next) throw new Error('no prompt run is scheduled');
  await next.promote();
}

/** Runs a planned one-off job now (a nudge, a reminder). */
export async function runJobNow(runtime: JobRuntime, jobId: string): Promise<void> {
  const job = await runtime.queues.schedule.getJob(jobId);
  if (!job) throw new Error(`no job ${jobId}`);
  await job.promote();
}
