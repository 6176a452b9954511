import type { Scheduler } from '../src/ports/scheduler.js';
import { defaultPlanningRules, planEngagement } from '../src/scheduling/plan-engagement.js';
import { type OneOffPlan, oneOffId } from '../src/scheduling/planned-jobs.js';
import { promptingStages } from '../src/use-cases/reflections/reflection-access.js';
import { planFromDatabase, type SchedulerDeps } from './bullmq-scheduler.js';
import { horizonEdge } from './horizon.js';
import {
  addJobs,
  applyEngagementPlan,
  jobIndexKey,
  jobMatchesPlan,
  withEngagementLock,
  withinHorizon,
} from './plan-sync.js';
import { scheduleJobOptions, type TriadQueues } from './queues.js';
import { lockEngagements, releaseEngagementLocks } from './sync-lock.js';

/** A weekly prompt just committed, and the earlier prompts it expired in the same transaction. */
export interface IssuedPrompt {
  engagementId: string;
  promptId: string;
  expiredPromptIds: readonly string[];
}

/** The jobs a prompt can own: its nudge and the end of its snooze (ids as the planner makes them). */
const jobIdsOf = (engagementId: string, promptId: string) => [
  oneOffId(engagementId, 'nudge', promptId, 'once'),
  oneOffId(engagementId, 'snooze', promptId, 'end'),
];

/**
 * Issuing a prompt changes an engagement's schedule in two places only: the new prompt may get a nudge, and
 * the prompts it expired lose their nudge or snooze reminder (an expired prompt has no jobs, whatever happens
 * to it later). This applies just that to Redis — the same jobs, ids, times and index a full re-plan would
 * give — instead of re-planning the engagement's meetings and prompt scheduler. It runs under the
 * engagement's sync lock and reads the prompt and engagement again, so a change committed meanwhile (answer,
 * snooze, pause) wins as it would with a full sync; when the engagement no longer prompts, it re-plans fully.
 */
export async function schedulePromptIssued(
  queues: TriadQueues,
  deps: SchedulerDeps,
  issued: IssuedPrompt,
): Promise<'applied' | 'resynced'> {
  const { engagementId } = issued;
  return withEngagementLock(queues, engagementId, deps.logger, async () => {
    const [engagement, prompt] = await Promise.all([
      deps.uow.read.engagements.get(engagementId),
      deps.uow.read.prompts.get(issued.promptId),
    ]);
    const now = deps.clock.now();
    const edge = await horizonEdge(queues, now);
    if (!engagement || !prompt || !promptingStages.includes(engagement.stage)) {
      await applyEngagementPlan(queues, await planFromDatabase(deps, engagementId), { edge });
      return 'resynced';
    }
    const rules = deps.rules ?? defaultPlanningRules;
    // The planner's own rules for this one prompt: no meetings, no other prompts, so nothing else is planned.
    const desired = planEngagement({ engagement, meetings: [], prompts: [prompt] }, now, rules).oneOffs;
    const candidates = [issued.promptId, ...issued.expiredPromptIds].flatMap((id) =>
      jobIdsOf(engagementId, id),
    );
    // The index names every job the engagement may have: ids go in before their jobs, out after them.
    const indexKey = jobIndexKey(queues, engagementId);
    const known = new Set(await queues.redis.smembers(indexKey));
    const planned = new Map(desired.map((job) => [job.id, job]));
    // Only jobs due within the horizon are queued; the horizon tick queues the others when they enter it.
    const fresh = desired.filter((job) => withinHorizon(job, edge) && !known.has(job.id)).map((j) => j.id);
    if (fresh.length > 0) await queues.redis.sadd(indexKey, ...fresh);
    const held = new Set<string>();
    for (const id of candidates) {
      if (!known.has(id) && !fresh.includes(id)) continue;
      if (await applyOne(queues, id, planned.get(id), edge)) held.add(id);
    }
    const dropped = candidates.filter((id) => known.has(id) && !held.has(id));
    if (dropped.length > 0) await queues.redis.srem(indexKey, ...dropped);
    return 'applied';
  });
}

/**
 * `schedulePromptIssued` for a batch, in a few round trips whatever its size: the free sync locks are taken and
 * the job indexes read in one pipeline, the engagements and their prompts read again in one load (so a change
 * committed meanwhile wins), the new nudge ids go into the indexes, the nudges are added in one `addBulk` (an id
 * already queued stays as it is), the expired prompts' nudge and snooze jobs are removed, and their ids leave
 * the indexes. Engagements whose lock is busy, or that stopped prompting meanwhile, go one by one.
 */
export async function schedulePromptsIssued(
  queues: TriadQueues,
  deps: SchedulerDeps,
  issued: readonly IssuedPrompt[],
): Promise<void> {
  if (issued.length === 0) return;
  const byId = new Map(issued.map((one) => [one.engagementId, one]));
  const held = await lockEngagements(queues, [...byId.keys()]);
  const oneByOne = [...byId.values()].filter((one) => !held.has(one.engagementId));
  try {
    const now = deps.clock.now();
    const [snapshots, edge] = await Promise.all([
      // The nudges are planned with no meetings: reading them would only be thrown away.
      deps.uow.read.engagements.loadForPlanning([...held.keys()], { meetings: false }),
      horizonEdge(queues, now),
    ]);
    const rules = deps.rules ?? defaultPlanningRules;
    const added: OneOffPlan[] = [];
    const removed: string[] = [];
    const pipeline = queues.redis.pipeline();
    const dropping: [string, string[]][] = [];
    for (const { engagement, prompts } of snapshots) {
      const one = byId.get(engagement.id) as IssuedPrompt;
      const prompt = prompts.find((p) => p.id === one.promptId);
      if (!prompt || !promptingStages.includes(engagement.stage)) {
        oneByOne.push(one);
        continue;
      }
      const desired = planEngagement({ engagement, meetings: [], prompts: [prompt] }, now, rules).oneOffs;
      const known = new Set(held.get(engagement.id)?.indexed ?? []);
      // Planned beyond the horizon: not queued now (the horizon tick will), but one queued already stays.
      const wanted = new Set(desired.map((job) => job.id));
      const due = desired.filter((job) => withinHorizon(job, edge));
      const fresh = due.map((job) => job.id).filter((id) => !known.has(id));
      if (fresh.length > 0) pipeline.sadd(jobIndexKey(queues, engagement.id), ...fresh);
      added.push(...due);
      const dropped = [one.promptId, ...one.expiredPromptIds]
        .flatMap((id) => jobIdsOf(engagement.id, id))
        .filter((id) => known.has(id) && !wanted.has(id));
      removed.push(...dropped);
      if (dropped.length > 0) dropping.push([engagement.id, dropped]);
    }
    const loaded = new Set(snapshots.map((s) => s.engagement.id));
    for (const one of byId.values()) {
      if (held.has(one.engagementId) && !loaded.has(one.engagementId)) {
        oneByOne.push(one);
      }
    }
    // Ids go into the indexes before their jobs, and out after theirs were removed.
    if (pipeline.length > 0) await pipeline.exec();
    await addJobs(queues, added);
    await Promise.all(removed.map((id) => queues.schedule.remove(id).catch(() => 0)));
    const out = queues.redis.pipeline();
    for (const [engagementId, ids] of dropping) out.srem(jobIndexKey(queues, engagementId), ...ids);
    if (out.length > 0) await out.exec();
  } finally {
    await releaseEngagementLocks(queues, held).catch(() => undefined);
  }
  for (const one of oneByOne) await schedulePromptIssued(queues, deps, one);
}

/**
 * One planned job made to match (kept, replaced, added or removed), as a full sync does it up to the horizon's
 * edge `edge`. Whether Redis holds the job afterwards.
 */
async function applyOne(
  queues: TriadQueues,
  id: string,
  want: OneOffPlan | undefined,
  edge: Date,
): Promise<boolean> {
  const job = await queues.schedule.getJob(id);
  if (job) {
    const state = await job.getState();
    if (state === 'active') return want !== undefined;
    if (want && jobMatchesPlan(job, state, want, queues.clockAheadMs())) return true;
    await job.remove().catch(() => undefined);
  }
  if (!want || !withinHorizon(want, edge)) return false;
  const timestamp = Date.now();
  await queues.schedule.add(want.name, want.data, {
    ...scheduleJobOptions,
    jobId: id,
    timestamp,
    delay: Math.max(0, want.runAt.getTime() - queues.clockAheadMs() - timestamp),
  });
  return true;
}

/**
 * The core's scheduler for one job run, with engagement re-plans held back: the job applies the change it
 * knows (a prompt issued) itself, then `flush` re-plans whatever else was touched, as the scheduler would have.
 * Deliveries pass straight through.
 */
export function holdingSyncs(scheduler: Scheduler): {
  scheduler: Scheduler;
  flush(except?: string): Promise<void>;
} {
  const held = new Set<string>();
  return {
    scheduler: {
      deliver: (outboxIds) => scheduler.deliver(outboxIds),
      forgetEngagement: (engagementId, relatedIds) => scheduler.forgetEngagement(engagementId, relatedIds),
      learnPresence: (engagementId) => scheduler.learnPresence(engagementId),
      syncEngagement: async (engagementId) => {
        held.add(engagementId);
      },
    },
    async flush(except) {
      for (const engagementId of held) {
        if (engagementId !== except) await scheduler.syncEngagement(engagementId);
      }
      held.clear();
    },
  };
}
