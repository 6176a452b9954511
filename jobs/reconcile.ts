import { engagementOfJobId, globalSchedules } from '../src/scheduling/planned-jobs.js';
import type { SchedulerDeps } from './bullmq-scheduler.js';
import { horizonEdge, raiseHorizonMark } from './horizon.js';
import { sweepOutbox } from './outbox-sweep.js';
import { syncPage } from './plan-pages.js';
import { ensureGlobalSchedules, jobIndexKey, type SyncCounts } from './plan-sync.js';
import { type TriadQueues, triadKey } from './queues.js';

export interface ReconcileReport extends SyncCounts {
  engagements: number;
  outboxRequeued: number;
  /** The horizon's far edge the jobs were rebuilt up to (ISO). */
  horizon: string;
}

const globalIds: ReadonlySet<string> = new Set([
  globalSchedules.retentionPurge.id,
  globalSchedules.outboxSweep.id,
  globalSchedules.hrDigest.id,
  globalSchedules.promptTick.id,
  globalSchedules.horizonTick.id,
  globalSchedules.presenceFill.id,
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
 * schedules are ensured (the minute's prompt tick and the horizon tick among them: weekly prompts need nothing
 * per engagement; a wipe loses the prompt tick's mark and its queued parts, so its first run after looks back 15
 * minutes), each live engagement is synced up to the horizon's far edge (under its own sync lock, several at
 * once; jobs due later stay in the plan until the horizon tick queues them), schedulers and one-off jobs of
 * engagements that no longer want them are removed, the horizon's mark is raised to the edge rebuilt, and
 * pending outbox rows are queued again. Engagements are read in pages; only the ids of the wanted schedulers
 * and of the jobs Redis holds are kept to the end (to find strays). Safe to run at any time, repeatedly and from
 * several processes.
 */
export async function reconcile(
  queues: TriadQueues,
  deps: SchedulerDeps,
  options: ReconcileOptions = {},
): Promise<ReconcileReport> {
  const pageSize = options.pageSize ?? ENGAGEMENT_PAGE;
  const inFlight = options.inFlight ?? IN_FLIGHT;
  const startedAt = Date.now();
  // The sweeper's schedule is the canary (as for the watchdog): gone means Redis lost everything.
  const wiped = !(await queues.schedule.getJobScheduler(globalSchedules.outboxSweep.id));
  const counts = await ensureGlobalSchedules(queues, undefined, deps.rules?.purgeEveryMs);
  const edge = await horizonEdge(queues, deps.clock.now());
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
    await syncPage(queues, deps, page, { inFlight, wiped, edge }, counts, ({ plan, held }) => {
      if (plan.prompt) wantedSchedulers.add(plan.prompt.id);
      for (const id of held) wantedJobs.add(id);
    }).catch(async (error) => {
      await next?.catch(() => undefined);
      throw error;
    });
  }

  counts.schedulersRemoved += await removeStaleSchedulers(queues, wantedSchedulers);
  counts.jobsRemoved += await removeStaleJobs(queues, wantedSchedulers, wantedJobs, startedAt);
  await dropStaleIndexes(queues, live);
  // Every engagement's jobs due by the edge are queued: the horizon tick goes on from there.
  await raiseHorizonMark(queues, edge);

  const outboxRequeued = await sweepOutbox(queues, deps, { graceMs: 0, limit: 10_000 });
  const report = { ...counts, engagements: live.size, outboxRequeued, horizon: edge.toISOString() };
  deps.logger.info(report, 'schedules reconciled with the database');
  return report;
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

/**
 * Reads job ids only (no job bodies), page by page, and removes the stale ones. A stale-looking job added after
 * reconciliation started (a use case's sync or the horizon tick, for an engagement synced earlier in the run) is
 * newer than what this run read, so it stays.
 */
async function removeStaleJobs(
  queues: TriadQueues,
  wantedSchedulers: ReadonlySet<string>,
  wantedJobs: ReadonlySet<string>,
  startedAt: number,
): Promise<number> {
  let removed = 0;
  for (const state of ['delayed', 'waiting', 'prioritized'] as const) {
    for (let start = 0; ; start += REDIS_PAGE) {
      const ids = await queues.schedule.getRanges([state], start, start + REDIS_PAGE - 1, true);
      const candidates = ids.filter((id) => isStale(id, wantedSchedulers, wantedJobs));
      const jobs = await Promise.all(candidates.map((id) => queues.schedule.getJob(id)));
      const stale = candidates.filter((_id, i) => (jobs[i]?.timestamp ?? 0) < startedAt);
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
