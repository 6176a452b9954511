import type { TriadQueues } from '../../../jobs/queues.js';
import {
  type EngagementPlan,
  engagementOfJobId,
  planningHorizon,
} from '../../../src/scheduling/planned-jobs.js';

export interface ScheduleSnapshot {
  schedulers: { id: string; pattern: string | undefined; tz: string | undefined }[];
  jobs: { id: string; name: string; data: unknown; runAt: string }[];
}

const byId = <T extends { id: string }>(items: T[]) => items.sort((a, b) => a.id.localeCompare(b.id));
/** A future job is stored at exactly its planned instant (timestamp + delay). */
const instant = (ms: number) => new Date(ms).toISOString();

/** What Redis holds for the given engagements (all engagements when omitted): schedulers and one-off jobs. */
export async function scheduledInRedis(
  queues: TriadQueues,
  engagementIds?: readonly string[],
): Promise<ScheduleSnapshot> {
  const mine = (id: string) => {
    const owner = engagementOfJobId(id);
    return owner !== undefined && (!engagementIds || engagementIds.includes(owner));
  };
  const schedulers = (await queues.schedule.getJobSchedulers(0, -1))
    .filter((s) => mine(s.key))
    .map((s) => ({ id: s.key, pattern: s.pattern, tz: s.tz }));
  const jobs = (await queues.schedule.getJobs(['delayed', 'waiting', 'prioritized'], 0, -1))
    .filter((job) => job.id && !job.id.startsWith('repeat:') && mine(job.id))
    .map((job) => ({
      id: job.id ?? '',
      name: job.name,
      data: job.data,
      runAt: instant(job.timestamp + (job.delay ?? 0)),
    }));
  return { schedulers: byId(schedulers), jobs: byId(jobs) };
}

/** The horizon's far edge seen from `now` (what a sync at `now` queues up to, the mark aside). */
export const horizonFrom = (now: Date) => new Date(now.getTime() + planningHorizon.horizonMs);

/**
 * The same shape from plans computed from the database: the jobs due by `edge` (what Redis holds with the
 * horizon there), or all of them without an edge.
 */
export function plannedSnapshot(plans: readonly EngagementPlan[], edge?: Date): ScheduleSnapshot {
  return {
    schedulers: byId(
      plans.flatMap((plan) =>
        plan.prompt ? [{ id: plan.prompt.id, pattern: plan.prompt.pattern, tz: plan.prompt.tz }] : [],
      ),
    ),
    jobs: byId(
      plans.flatMap((plan) =>
        plan.oneOffs
          .filter((job) => !edge || job.dueAt.getTime() <= edge.getTime())
          .map((job) => ({
            id: job.id,
            name: job.name,
            data: job.data,
            runAt: instant(job.runAt.getTime()),
          })),
      ),
    ),
  };
}
