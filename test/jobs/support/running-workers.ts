import { DateTime } from 'luxon';
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
  // Longer than a send that waits out a platform's own 429 retries (botbuilder: three times Retry-After).
  batch: { size: 50, leaseMs: 10_000, pollMs: 50, concurrency: 2 },
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

/**
 * Runs an engagement's weekly prompt now, as the minute's tick does: its slot moved to this minute (on the
 * core's clock, in the client's zone), the tick's mark a minute back, and a prompt-tick run for this minute.
 */
export async function runPromptNow(runtime: JobRuntime, engagementId: string): Promise<void> {
  const { deps, queues } = runtime;
  const minute = Math.floor(deps.clock.now().getTime() / 60_000) * 60_000;
  await deps.uow.transaction(async (repos) => {
    const engagement = await repos.engagements.getForUpdate(engagementId);
    if (!engagement) throw new Error('no such engagement');
    const local = DateTime.fromMillis(minute, { zone: engagement.timeZone });
    await repos.engagements.update({
      ...engagement,
      promptWeekday: local.weekday % 7,
      promptTime: local.toFormat('HH:mm'),
      version: engagement.version + 1,
    });
  });
  await queues.redis.set(triadKey(queues, 'prompt-tick', 'covered'), String(minute - 60_000));
  // A plain run's instant is its timestamp (BullMQ's real time; the tick adds the core clock's lead).
  await queues.schedule.add(
    'prompt-tick',
    {},
    { timestamp: minute - queues.clockAheadMs(), removeOnComplete: true },
  );
}

/** Runs a planned one-off job now (a nudge, a reminder). */
export async function runJobNow(runtime: JobRuntime, jobId: string): Promise<void> {
  const job = await runtime.queues.schedule.getJob(jobId);
  if (!job) throw new Error(`no job ${jobId}`);
  await job.promote();
}
