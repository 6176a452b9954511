import type { EngagementPlan } from '../src/scheduling/planned-jobs.js';
import { type AppliedPlan, planOf, type SchedulerDeps, syncEngagement } from './bullmq-scheduler.js';
import { applyEngagementPlan, type SyncCounts } from './plan-sync.js';
import type { TriadQueues } from './queues.js';
import { lockEngagements, releaseEngagementLock } from './sync-lock.js';

export interface PageOptions {
  /** Engagements synced at once. */
  inFlight: number;
  /** Redis was found wiped: an engagement without an index has no jobs (see `applyEngagementPlan`). */
  wiped: boolean;
  /** The horizon's far edge the plans are applied up to. */
  edge: Date;
  /** Which plans to apply (all by default): the horizon tick applies those with a job entering the horizon. */
  select?: (plan: EngagementPlan) => boolean;
}

/**
 * Syncs a page of engagements as `syncEngagement` syncs one, with fewer round trips: the free sync locks are
 * taken (and the job indexes read) in one pipeline, the engagements with their meetings and prompts read in
 * three queries (`engagements.loadForPlanning`), then each is planned and (when selected) applied, its lock let
 * go as soon as it is done. Engagements whose lock is busy (a use case syncing them now) are synced fully one by
 * one afterwards, waiting for their lock. `applied` hears of each plan applied.
 */
export async function syncPage(
  queues: TriadQueues,
  deps: SchedulerDeps,
  ids: readonly string[],
  { inFlight, wiped, edge, select }: PageOptions,
  counts: SyncCounts,
  applied: (result: AppliedPlan) => void = () => undefined,
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
        if (select && !select(plan)) return;
        const options = { edge, counts, indexed: lock.indexed, wiped };
        applied({ plan, held: await applyEngagementPlan(queues, plan, options) });
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
    applied(await syncEngagement(queues, deps, engagementId, counts));
  });
}

/** Runs `work` over `items`, at most `limit` at a time; after a failure starts no more, then throws it. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
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
