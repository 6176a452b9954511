import type { Job, JobSchedulerJson, JobSchedulerTemplateOptions, RepeatOptions } from 'bullmq';
import {
  type EngagementPlan,
  type GlobalSchedulePlan,
  globalSchedules,
  type OneOffPlan,
  type PromptSchedulePlan,
  promptScheduleId,
  retentionPurgeSchedule,
} from '../src/scheduling/planned-jobs.js';
import { scheduleJobOptions, type TriadQueues } from './queues.js';

import { jobIndexKey } from './sync-lock.js';

export { jobIndexKey, withEngagementLock } from './sync-lock.js';

export interface SyncCounts {
  schedulersUpserted: number;
  schedulersRemoved: number;
  jobsAdded: number;
  jobsRemoved: number;
  jobsKept: number;
}

export const emptyCounts = (): SyncCounts => ({
  schedulersUpserted: 0,
  schedulersRemoved: 0,
  jobsAdded: 0,
  jobsRemoved: 0,
  jobsKept: 0,
});

/** Jobs made by a scheduler: removed on completion, kept a week when they fail, retried a few times. */
const templateOptions: JobSchedulerTemplateOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

export interface ApplyOptions {
  /**
   * The horizon's far edge (`horizonEdge`): a planned job due (`dueAt`) after it is not queued; if it is queued
   * already and matches the plan, it stays (the horizon tick would queue the same job), otherwise it is removed.
   */
  edge: Date;
  counts?: SyncCounts;
  /** The engagement's index set, when already read under its sync lock (`lockEngagements`). */
  indexed?: readonly string[];
  /** Reconciliation found Redis wiped (its sweeper schedule gone): an engagement without an index has no jobs. */
  wiped?: boolean;
}

/**
 * Makes Redis hold the plan for one engagement up to the horizon's edge: the prompt scheduler is upserted when
 * missing or changed and removed when not wanted; each one-off job due within the horizon is kept when it
 * already matches, replaced when its time or payload changed, added when missing; a queued job no longer
 * planned, or planned beyond the horizon at another time or with other data, is removed. A job running right
 * now is left to finish (every handler re-checks the database). Returns the ids of the planned jobs Redis holds
 * afterwards (within the horizon, and those beyond it that were queued already and match).
 *
 * The engagement's index set names every one-off job it may have in Redis: ids are added to it before their
 * jobs are, and dropped only after their jobs were removed. So when the index is absent after a wipe (or
 * with the scheduler of a prompt interval absent too), nothing is looked up: the jobs are added in one `addBulk`.
 */
export async function applyEngagementPlan(
  queues: TriadQueues,
  plan: EngagementPlan,
  { edge, counts = emptyCounts(), indexed, wiped = false }: ApplyOptions,
): Promise<string[]> {
  const schedulerId = promptScheduleId(plan.engagementId);
  const indexKey = jobIndexKey(queues, plan.engagementId);
  // Sent together: one round trip for both. After a wipe an engagement without an index has no scheduler either
  // (a sync since would have indexed its jobs; upserting a scheduler twice is harmless), so nothing is asked.
  const unknown = wiped && indexed?.length === 0;
  const [existing, known] = await Promise.all([
    unknown ? undefined : queues.schedule.getJobScheduler(schedulerId),
    indexed ?? queues.redis.smembers(indexKey),
  ]);
  const planned = new Map(plan.oneOffs.map((job) => [job.id, job]));
  const due = plan.oneOffs.filter((job) => withinHorizon(job, edge));
  const knownSet = new Set(known);
  const fresh = due.map((job) => job.id).filter((id) => !knownSet.has(id));
  if (fresh.length > 0) await queues.redis.sadd(indexKey, ...fresh);
  // No index and no scheduler: nothing to look up when Redis was wiped, or for an interval scheduler's
  // engagement (its scheduler goes in with its first jobs). A weekly engagement has no scheduler of its own, so
  // without a wipe its jobs are looked up (an index alone may have been lost).
  const nothingThere = known.length === 0 && !existing && (wiped || plan.prompt !== null);
  const [, queued] = await Promise.all([
    applyPrompt(queues, plan, existing, counts),
    nothingThere
      ? addJobs(queues, due, counts).then(() => due.map((job) => job.id))
      : applyOneOffs(queues, [...known, ...fresh], planned, edge, counts),
  ]);
  const held = new Set(queued);
  const dropped = known.filter((id) => !held.has(id));
  if (dropped.length > 0) await queues.redis.srem(indexKey, ...dropped);
  return queued;
}

/** Whether a planned job belongs in Redis now: it falls due by the horizon's far edge. */
export const withinHorizon = (job: OneOffPlan, edge: Date): boolean => job.dueAt.getTime() <= edge.getTime();

async function applyPrompt(
  queues: TriadQueues,
  plan: EngagementPlan,
  existing: JobSchedulerJson | undefined,
  counts: SyncCounts,
): Promise<void> {
  const schedulerId = promptScheduleId(plan.engagementId);
  if (plan.prompt) {
    if (existing && sameRepeat(existing, plan.prompt)) return;
    await queues.schedule.upsertJobScheduler(schedulerId, repeatOf(plan.prompt), {
      name: 'reflection-prompt',
      data: { engagementId: plan.engagementId },
      opts: templateOptions,
    });
    counts.schedulersUpserted += 1;
  } else if (existing) {
    await queues.schedule.removeJobScheduler(schedulerId);
    counts.schedulersRemoved += 1;
  }
}

/**
 * Each id's job is looked up (all lookups in one pipeline, then all states in another); those that already
 * match or are running are kept, the others removed, and the missing ones due within the horizon are added in
 * one `addBulk`. Returns the ids of the planned jobs held afterwards.
 */
async function applyOneOffs(
  queues: TriadQueues,
  ids: readonly string[],
  planned: ReadonlyMap<string, OneOffPlan>,
  edge: Date,
  counts: SyncCounts,
): Promise<string[]> {
  const jobs = await Promise.all(ids.map((id) => queues.schedule.getJob(id)));
  const states = await Promise.all(jobs.map((job) => job?.getState()));
  const removals: Promise<unknown>[] = [];
  const missing: OneOffPlan[] = [];
  const held: string[] = [];
  ids.forEach((id, index) => {
    const job = jobs[index];
    const state = states[index];
    const want = planned.get(id);
    if (
      job &&
      (state === 'active' || (want && jobMatchesPlan(job, state ?? 'unknown', want, queues.clockAheadMs())))
    ) {
      counts.jobsKept += 1;
      if (want) held.push(id);
      return;
    }
    if (job) {
      removals.push(job.remove().catch(() => undefined));
      counts.jobsRemoved += 1;
    }
    if (want && withinHorizon(want, edge)) {
      missing.push(want);
      held.push(id);
    }
  });
  await Promise.all(removals);
  await addJobs(queues, missing, counts);
  return held;
}

/** Adds one-off jobs in one `addBulk` (one MULTI: one round trip); an id already in the queue keeps its job. */
export async function addJobs(
  queues: TriadQueues,
  jobs: readonly OneOffPlan[],
  counts?: SyncCounts,
): Promise<void> {
  if (jobs.length === 0) return;
  const timestamp = Date.now();
  const aheadMs = queues.clockAheadMs();
  await queues.schedule.addBulk(
    jobs.map((want) => ({
      name: want.name,
      data: want.data,
      opts: {
        ...scheduleJobOptions,
        jobId: want.id,
        timestamp,
        delay: Math.max(0, want.runAt.getTime() - aheadMs - timestamp),
      },
    })),
  );
  if (counts) counts.jobsAdded += jobs.length;
}

const TOLERANCE_MS = 1_000;

/**
 * Whether a job in Redis (in `state`) already is the planned one-off: same name, data and time (± 1 s).
 * `clockAheadMs`: how far the clock `want.runAt` was planned on is ahead of real time (`clockAheadMs()`).
 */
export function jobMatchesPlan(job: Job, state: string, want: OneOffPlan, clockAheadMs = 0): boolean {
  if (job.name !== want.name || JSON.stringify(job.data) !== JSON.stringify(want.data)) return false;
  const runAt = want.runAt.getTime() - clockAheadMs;
  if (state === 'waiting' || state === 'prioritized') return runAt <= Date.now() + TOLERANCE_MS;
  if (state !== 'delayed') return false;
  return Math.abs(job.timestamp + (job.delay ?? 0) - runAt) <= TOLERANCE_MS;
}

type RepeatPlan = PromptSchedulePlan | GlobalSchedulePlan;

/** BullMQ's repeat options for a planned schedule: `{ every }` or `{ pattern, tz }`. */
const repeatOf = (plan: RepeatPlan): RepeatOptions =>
  plan.everyMs !== undefined ? { every: plan.everyMs } : { pattern: plan.pattern, tz: plan.tz };

/** Whether the scheduler in Redis already repeats as planned (Redis hands `every` back as a string). */
function sameRepeat(existing: JobSchedulerJson, plan: RepeatPlan): boolean {
  if (plan.everyMs !== undefined) return !existing.pattern && Number(existing.every) === plan.everyMs;
  return !existing.every && existing.pattern === plan.pattern && existing.tz === plan.tz;
}

/**
 * The schedules that belong to no engagement: the retention purge (daily, or every `purgeEveryMs` when
 * configured), HR's hourly digest check, the minute's prompt tick, the horizon tick, the presence backfill and the
 * outbox sweeper.
 */
export async function ensureGlobalSchedules(
  queues: TriadQueues,
  counts: SyncCounts = emptyCounts(),
  purgeEveryMs?: number | null,
) {
  const { outboxSweep, hrDigest, promptTick, horizonTick, presenceFill } = globalSchedules;
  const scheduled = [
    [retentionPurgeSchedule(purgeEveryMs), 'retention-purge'],
    [hrDigest, 'hr-digest'],
    [promptTick, 'prompt-tick'],
    [horizonTick, 'horizon-tick'],
    [presenceFill, 'presence-fill'],
  ] as const;
  for (const [schedule, name] of scheduled) {
    const existing = await queues.schedule.getJobScheduler(schedule.id);
    if (existing && sameRepeat(existing, schedule)) continue;
    await queues.schedule.upsertJobScheduler(schedule.id, repeatOf(schedule), {
      name,
      data: {},
      opts: templateOptions,
    });
    counts.schedulersUpserted += 1;
  }
  const sweep = await queues.schedule.getJobScheduler(outboxSweep.id);
  if (Number(sweep?.every) !== outboxSweep.everyMs) {
    await queues.schedule.upsertJobScheduler(
      outboxSweep.id,
      { every: outboxSweep.everyMs },
      { name: 'outbox-sweep', data: {}, opts: { ...templateOptions, attempts: 1 } },
    );
    counts.schedulersUpserted += 1;
  }
  return counts;
}
