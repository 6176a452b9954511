import { type EngagementPlan, engagementOfJobId, globalSchedules } from '../src/scheduling/planned-jobs.js';
import { planOf, type SchedulerDeps, syncEngagement } from './bullmq-scheduler.js';
import { sweepOutbox } from './outbox-sweep.js';
import { applyEngagementPlan, ensureGlobalSchedules, jobIndexKey, type SyncCounts } from './plan-sync.js';
import { type TriadQueues, triadKey } from './queues.js';
import { lockEngagements, releaseEngagementLock } from './sync-lock.js';

export interface ReconcileReport extends SyncCounts {
  engagements: number;
  outboxRequeued: number;
}

const globalIds: ReadonlySet<string> = new Set([
  globalSchedules.retentionPurge.id,
  globalSchedules.outboxSweep.id,
  globalSchedules.hrDigest.id,
  globalSchedules.promptTick.id,
]);
export interface ReconcileOptions {
  /** Engagements read and locked per page (250 by default). */
  pageSize?: number;
  /** Engagements synced at once (16 by default). */
  inFlight?: number;
}

/** Engagement ids read from Postgres per page (keyset), and Redis ids read per page when looking for strays. */
const ENGAGEMENT_PAGE = 250;
const REDIS_PAGE = 1_000;
/** Engagements synced at once: each sync is a few pipelined round trips, so this keeps Redis and Postgres busy. */
const IN_FLIGHT = 16;

/**
 * Rebuilds every schedule from Postgres (start-up, `npm run jobs:reconcile`, or Redis found empty): the global
 * schedules are ensured (the minute's prompt tick among them: weekly prompts need nothing per engagement; a
 * wipe loses the tick's mark and its queued parts, so its first run after looks back 15 minutes), each live
 * engagement is synced (under its own sync lock, several at once), schedulers and one-off jobs of engagements
 * that no longer want them are removed, the global schedules are ensured and pending outbox rows are queued
 * again. Engagements are read in pages; only the ids of the wanted schedulers and jobs are kept to the end
 * (to find strays). Safe to run at any time, repeatedly and from several processes.
 */
export async function reconcile(
  queues: TriadQueues,
  deps: SchedulerDeps,
  options: ReconcileOptions = {},
): Promise<ReconcileReport> {
  const pageSize = options.pageSize ?? ENGAGEMENT_PAGE;
  const inFlight = options.inFlight ?? IN_FLIGHT;
  // The sweeper's schedule is the canary (as for the watchdog): gone means Redis lost everything.
  const wiped = !(await queues.schedule.getJobScheduler(globalSchedules.outboxSweep.id));
  const counts = await ensureGlobalSchedules(queues, undefined, deps.rules?.purgeEveryMs);
  const live = new Set<string>();
  const wantedSchedulers = new Set<string>();
  const wantedJobs = new Set<string>();
  const listPage = (afterId?: string) => deps.uow.read.engagements.listActiveIds(afterId, pageSize);
  let next: Promise<string[]> | undefined = listPage();
  while (next) {
    const page: string[] = await next;
    // The next page is read while this one is synced.
    next = page.length === pageSize ? listPage(page.at(-1)) : undefined;
    for (const engagementId of page) live.add(engagementId);
    await syncPage(queues, deps, page, { inFlight, wiped }, counts, (plan) => {
      if (plan.prompt) wantedSchedulers.add(plan.prompt.id);
      for (const job of plan.oneOffs) wantedJobs.add(job.id);
    }).catch(async (error) => {
      await next?.catch(() => undefined);
      throw error;
    });
  }

  counts.schedulersRemoved += await removeStaleSchedulers(queues, wantedSchedulers);
  counts.jobsRemoved += await removeStaleJobs(queues, wantedSchedulers, wantedJobs);
  await dropStaleIndexes(queues, live);

  const outboxRequeued = await sweepOutbox(queues, deps, { graceMs: 0, limit: 10_000 });
  const report = { ...counts, engagements: live.size, outboxRequeued };
  deps.logger.info(report, 'schedules reconciled with the database');
  return report;
}

/**
 * Syncs a page of engagements as `syncEngagement` syncs one, with fewer round trips: the free sync locks are
 * taken (and the job indexes read) in one pipeline, the engagements with their meetings and prompts read in
 * three queries, then each is planned and applied, its lock let go as soon as it is done. Engagements whose
 * lock is busy (a use case syncing them now) are synced one by one afterwards, waiting for their lock.
 */
async function syncPage(
  queues: TriadQueues,
  deps: SchedulerDeps,
  ids: readonly string[],
  { inFlight, wiped }: { inFlight: number; wiped: boolean },
  counts: SyncCounts,
  planned: (plan: EngagementPlan) => void,
): Promise<void> {
  const held = await lockEngagements(queues, ids);
  const unreleased = new Map(held);
  try {
    const snapshots = new Map(
      (await deps.uow.read.engagements.loadForPlanning([...held.keys()])).map((s) => [s.engagement.id, s]),
    );
    await forEachLimited([...held], inFlight, async ([engagementId, lock]) => {
      try {
        const plan = planOf(deps, engagementId, snapshots.get(engagementId));
        await applyEngagementPlan(queues, plan, counts, lock.indexed, wiped);
        planned(plan);
      } finally {
        unreleased.delete(engagementId);
        await releaseEngagementLock(queues, engagementId, lock.token);
      }
    });
  } finally {
    // After a failure: the locks of the engagements never started.
    await Promise.all(
      [...unreleased].map(([id, lock]) =>
        releaseEngagementLock(queues, id, lock.token).catch(() => undefined),
      ),
    );
  }
  const busy = ids.filter((id) => !held.has(id));
  await forEachLimited(busy, inFlight, async (engagementId) => {
    planned(await syncEngagement(queues, deps, engagementId, counts));
  });
}

/** Runs `work` over `items`, at most `limit` at a time; after a failure starts no more, then throws it. */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let index = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && index < items.length) {
      const item = items[index] as T;
      index += 1;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.error;
}

async function removeStaleSchedulers(queues: TriadQueues, wanted: ReadonlySet<string>): Promise<number> {
  let removed = 0;
  for (let start = 0; ; start += REDIS_PAGE) {
    const schedulers = await queues.schedule.getJobSchedulers(start, start + REDIS_PAGE - 1, true);
    const stale = schedulers.filter(
      (scheduler) => !globalIds.has(scheduler.key) && !wanted.has(scheduler.key),
    );
    await Promise.all(stale.map((scheduler) => queues.schedule.removeJobScheduler(scheduler.key)));
    removed += stale.length;
    if (schedulers.length < REDIS_PAGE) return removed;
    start -= stale.length;
  }
}

/** Reads job ids only (no job bodies), page by page, and removes the stale ones. */
async function removeStaleJobs(
  queues: TriadQueues,
  wantedSchedulers: ReadonlySet<string>,
  wantedJobs: ReadonlySet<string>,
): Promise<number> {
  let removed = 0;
  for (const state of ['delayed', 'waiting', 'prioritized'] as const) {
    for (let start = 0; ; start += REDIS_PAGE) {
      const ids = await queues.schedule.getRanges([state], start, start + REDIS_PAGE - 1, true);
      const stale = ids.filter((id) => isStale(id, wantedSchedulers, wantedJobs));
      // A job running right now is locked and stays (its handler re-checks the database).
      const results = await Promise.all(stale.map((id) => queues.schedule.remove(id).catch(() => 0)));
      const removedHere = results.filter((result) => result === 1).length;
      removed += removedHere;
      if (ids.length < REDIS_PAGE) break;
      start -= removedHere;
    }
  }
  return removed;
}

/** An engagement's job nobody plans any more; a scheduler run (`repeat:<scheduler>:<ms>`) of a removed scheduler. */
function isStale(
  id: string,
  wantedSchedulers: ReadonlySet<string>,
  wantedJobs: ReadonlySet<string>,
): boolean {
  if (id.startsWith('repeat:')) {
    const scheduler = id.slice('repeat:'.length, id.lastIndexOf(':'));
    return engagementOfJobId(scheduler) !== undefined && !wantedSchedulers.has(scheduler);
  }
  return engagementOfJobId(id) !== undefined && !wantedJobs.has(id);
}

async function dropStaleIndexes(queues: TriadQueues, live: ReadonlySet<string>): Promise<void> {
  const pattern = `${triadKey(queues, 'jobs').replace(/[*?[\]\\]/g, '\\$&')}:*`;
  let cursor = '0';
  do {
    const [next, keys] = await queues.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    for (const key of keys) {
      const engagementId = key.slice(key.lastIndexOf(':') + 1);
      if (!live.has(engagementId) && key === jobIndexKey(queues, engagementId)) await queues.redis.del(key);
    }
    cursor = next;
  } while (cursor !== '0');
}
