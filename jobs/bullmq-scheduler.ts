import type { Clock } from '../src/ports/clock.js';
import type { Logger } from '../src/ports/logger.js';
import type { UnitOfWork } from '../src/ports/repositories.js';
import type { Scheduler } from '../src/ports/scheduler.js';
import {
  defaultPlanningRules,
  type EngagementSnapshot,
  type PlanningRules,
  planEngagement,
} from '../src/scheduling/plan-engagement.js';
import type { EngagementPlan } from '../src/scheduling/planned-jobs.js';
import { forgetEngagement } from './forget-engagement.js';
import { horizonEdge } from './horizon.js';
import { enqueueDeliveries } from './outbox-sweep.js';
import { applyEngagementPlan, emptyCounts, type SyncCounts, withEngagementLock } from './plan-sync.js';
import { scheduleJobOptions, type TriadQueues } from './queues.js';

export interface SchedulerDeps {
  uow: UnitOfWork;
  clock: Clock;
  logger: Logger;
  /** `planningRules(settings)`: the prompt interval, working hours and purge cadence the core uses. */
  rules?: PlanningRules;
}

/** Plans one engagement from Postgres: what its jobs should be right now. */
export async function planFromDatabase(deps: SchedulerDeps, engagementId: string): Promise<EngagementPlan> {
  const repos = deps.uow.read;
  const engagement = await repos.engagements.get(engagementId);
  if (!engagement) return planOf(deps, engagementId, undefined);
  const [meetings, prompts] = await Promise.all([
    repos.meetings.listByEngagement(engagementId),
    repos.prompts.listByEngagement(engagementId),
  ]);
  return planOf(deps, engagementId, { engagement, meetings, prompts });
}

/** What an engagement's jobs should be right now, from its snapshot; none when it no longer exists. */
export function planOf(
  deps: SchedulerDeps,
  engagementId: string,
  snapshot: EngagementSnapshot | undefined,
): EngagementPlan {
  if (!snapshot) return { engagementId, prompt: null, oneOffs: [] };
  return planEngagement(snapshot, deps.clock.now(), deps.rules ?? defaultPlanningRules);
}

/** An engagement's plan as just applied, and the ids of its planned jobs Redis holds now. */
export interface AppliedPlan {
  plan: EngagementPlan;
  held: string[];
}

/**
 * Rebuilds one engagement's scheduler and its one-off jobs within the horizon from the database (under its sync
 * lock): a moved meeting moves its reminders (or takes them out of Redis when they now fall due beyond the
 * horizon), a cancelled one loses them.
 */
export async function syncEngagement(
  queues: TriadQueues,
  deps: SchedulerDeps,
  engagementId: string,
  counts: SyncCounts = emptyCounts(),
): Promise<AppliedPlan> {
  return withEngagementLock(queues, engagementId, deps.logger, async () => {
    const [plan, edge] = await Promise.all([
      planFromDatabase(deps, engagementId),
      horizonEdge(queues, deps.clock.now()),
    ]);
    const held = await applyEngagementPlan(queues, plan, { edge, counts });
    return { plan, held };
  });
}

/**
 * The core's Scheduler port on BullMQ. `deliver` queues outbox rows (job id = outbox id); `syncEngagement`
 * recomputes the engagement's jobs from Postgres and diffs them against Redis, so a moved meeting moves its
 * reminders, a cancelled one loses them, a paused engagement stops and a resumed one starts again from the
 * next regular run (no burst of missed prompts).
 */
export class BullMqScheduler implements Scheduler {
  constructor(
    private readonly queues: TriadQueues,
    private readonly deps: SchedulerDeps,
    /** With batch delivery the workers claim due rows from the outbox table: nothing is queued per entry. */
    private readonly options: { deliverInBatches?: boolean } = {},
  ) {}

  async deliver(outboxIds: readonly string[]): Promise<void> {
    if (this.options.deliverInBatches) return;
    await enqueueDeliveries(this.queues, outboxIds);
  }

  async syncEngagement(engagementId: string): Promise<void> {
    await syncEngagement(this.queues, this.deps, engagementId);
  }

  /**
   * The `client-presence` job, at once. Its id names the engagement but does not start with it, so reconciliation
   * leaves it alone; one attempt (the backfill repairs a failure), and a repeat while it is queued adds nothing.
   */
  async learnPresence(engagementId: string): Promise<void> {
    await this.queues.schedule.add(
      'client-presence',
      { engagementId },
      {
        ...scheduleJobOptions,
        attempts: 1,
        jobId: `presence.${engagementId}`,
        removeOnFail: { age: 24 * 3600 },
      },
    );
  }

  async forgetEngagement(engagementId: string, relatedIds: readonly string[]): Promise<void> {
    await forgetEngagement(this.queues, engagementId, relatedIds);
  }
}
