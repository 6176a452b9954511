import { engagementOfJobId, globalSchedules } from '../src/scheduling/planned-jobs.js';
import { type SchedulerDeps, syncEngagement } from './bullmq-scheduler.js';
import { sweepOutbox } from './outbox-sweep.js';
import { ensureGlobalSchedules, jobIndexKey, type SyncCounts } from './plan-sync.js';
import { type TriadQueues, triadKey } from './queues.js';

export interface ReconcileReport extends SyncCounts {
  engagements: number;
  outboxRequeued: number;
}

const globalIds: ReadonlySet<string> = new Set([
  globalSchedules.retentionPurge.id,
  globalSchedules.outboxSweep.id,
]);
const PAGE = 1_000;

/**
 * Rebuilds every schedule from Postgres (start-up, `npm run jobs:reconcile`, or Redis found empty): each live
 * engagement is synced, schedulers and one-off jobs of engagements that no longer want them are removed, the
 * global schedules are ensured and pending outbox rows are queued again. Safe to run at any time, repeatedly
 * and from several processes.
 */
export async function reconcile(queues: TriadQueues, deps: SchedulerDeps): Promise<ReconcileReport> {
  const counts = await ensureGlobalSchedules(queues, undefined, deps.rules?.purgeEveryMs);
  const active = await deps.uow.read.engagements.listActive();
  const wantedSchedulers = new Set<string>();
  const wantedJobs = new Set<string>();
  for (const engagement of active) {
    const plan = await syncEngagement(queues, deps, engagement.id, counts);
    if (plan.prompt) wantedSchedulers.add(plan.prompt.id);
    for (const job of plan.oneOffs) wantedJobs.add(job.id);
  }

  for (const scheduler of await queues.schedule.getJobSchedulers(0, -1)) {
    if (globalIds.has(scheduler.key) || wantedSchedulers.has(scheduler.key)) continue;
    await queues.schedule.removeJobScheduler(scheduler.key);
    counts.schedulersRemoved += 1;
  }
  for (const state of ['delayed', 'waiting', 'prioritized'] as const) {
    for (let start = 0; ; start += PAGE) {
      const jobs = await queues.schedule.getJobs([state], start, start + PAGE - 1, true);
      let removedHere = 0;
      for (const job of jobs) {
        if (!job.id || !isStale(job.id, wantedSchedulers, wantedJobs)) continue;
        await job.remove().catch(() => undefined);
        counts.jobsRemoved += 1;
        removedHere += 1;
      }
      if (jobs.length < PAGE) break;
      start -= removedHere;
    }
  }
  await dropStaleIndexes(queues, new Set(active.map((engagement) => engagement.id)));

  const outboxRequeued = await sweepOutbox(queues, deps, { graceMs: 0, limit: 10_000 });
  const report = { ...counts, engagements: active.length, outboxRequeued };
  deps.logger.info(report, 'schedules reconciled with the database');
  return report;
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
