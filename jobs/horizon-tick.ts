import type { HorizonWindow } from '../src/ports/repositories.js';
import { type EngagementPlan, planningHorizon } from '../src/scheduling/planned-jobs.js';
import type { SchedulerDeps } from './bullmq-scheduler.js';
import { raiseHorizonMark, readHorizonMark } from './horizon.js';
import { syncPage } from './plan-pages.js';
import { emptyCounts, type SyncCounts } from './plan-sync.js';
import { type TriadQueues, triadKey } from './queues.js';

/** Engagements read and synced per page. */
const PAGE = 250;
const IN_FLIGHT = 16;
/** How long a running tick keeps others out (renewed per page); a crashed tick's lock simply expires. */
const RUNNING_MS = 5 * 60_000;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export interface HorizonTickReport extends SyncCounts {
  outcome: 'done' | 'busy';
  /** The window covered: jobs falling due in (from, to]; from null when there was no mark (a catch-up). */
  from: string | null;
  to: string;
  /** Engagements the query found, and those with a job entering the window whose plan was applied. */
  found: number;
  applied: number;
}

const runningKey = (queues: TriadQueues) => triadKey(queues, 'horizon', 'running');

/** Whether a plan has a job that falls due (by its own rule) in the window. */
const entering =
  ({ from, to }: HorizonWindow) =>
  (plan: EngagementPlan): boolean =>
    plan.oneOffs.some(
      (job) => (from === null || job.dueAt.getTime() > from.getTime()) && job.dueAt.getTime() <= to.getTime(),
    );

/**
 * The horizon tick for the instant `tickAt` (core clock): queues the one-off jobs that fall due in the window
 * from the horizon's mark (the far edge the last completed tick or reconciliation covered) to `tickAt` + the
 * horizon. The engagements with something in the window are found by one set-based query per page
 * (`engagements.listEnteringHorizon`), loaded and planned as reconciliation does, and those whose plan has a
 * job in the window are applied up to the window's end under their sync locks. The planner decides as always:
 * a job whose time passed while no tick ran goes out now, or is dropped as reconciliation drops it (a reminder
 * past its grace). With no mark (first run, or Redis wiped and not yet reconciled) everything due by the
 * window's end is caught up. The mark is raised only when a tick completes; one tick runs at a time, and a tick
 * that finds another running leaves its window to the next.
 */
export async function runHorizonTick(
  queues: TriadQueues,
  deps: SchedulerDeps,
  tickAt: Date,
  options: { pageSize?: number; inFlight?: number } = {},
): Promise<HorizonTickReport> {
  const pageSize = options.pageSize ?? PAGE;
  const to = new Date(tickAt.getTime() + planningHorizon.horizonMs);
  const report: HorizonTickReport = {
    ...emptyCounts(),
    outcome: 'done',
    from: null,
    to: to.toISOString(),
    found: 0,
    applied: 0,
  };
  const token = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const running = runningKey(queues);
  if ((await queues.redis.set(running, token, 'PX', RUNNING_MS, 'NX')) !== 'OK') {
    return { ...report, outcome: 'busy' };
  }
  try {
    const from = (await readHorizonMark(queues)) ?? null;
    report.from = from?.toISOString() ?? null;
    const window = { from, to };
    const pageOptions = {
      inFlight: options.inFlight ?? IN_FLIGHT,
      wiped: false,
      edge: to,
      select: entering(window),
    };
    let afterId: string | undefined;
    while (!from || from.getTime() < to.getTime()) {
      const page = await deps.uow.read.engagements.listEnteringHorizon(window, afterId, pageSize);
      if (page.length === 0) break;
      afterId = page.at(-1);
      report.found += page.length;
      await queues.redis.pexpire(running, RUNNING_MS);
      await syncPage(queues, deps, page, pageOptions, report, () => {
        report.applied += 1;
      });
      if (page.length < pageSize) break;
    }
    await raiseHorizonMark(queues, to);
  } finally {
    await queues.redis.eval(RELEASE, 1, running, token).catch(() => undefined);
  }
  deps.logger.info(report, 'horizon tick');
  return report;
}
