import { z } from 'zod';
import { isTriadError } from '../src/errors.js';
import { planningRules } from '../src/scheduling/plan-engagement.js';
import { type PromptJobOutcome, promptWhenPresent } from '../src/scheduling/prompt-when-present.js';
import { issueReflectionPrompt } from '../src/use-cases/reflections/issue-reflection-prompt.js';
import { defineJob, type JobContext, type JobDeps, sleepUntil } from './job-definition.js';
import { holdingSyncs, schedulePromptIssued } from './nudge-scheduling.js';
import type { TriadQueues } from './queues.js';

/**
 * One engagement's prompt: fired by its job scheduler under a configured prompt interval (demos, trials), or
 * added by the minute's tick for a client who is away (with `dueAt`). Without `dueAt` the due time is the
 * scheduled instant BullMQ computed, not the moment the worker got to it, so a late run still belongs to its
 * cycle. While the client is away the job sleeps and looks again; the core decides when to give up.
 */
export const reflectionPromptJob = defineJob({
  name: 'reflection-prompt',
  queue: 'schedule',
  schema: z.object({ engagementId: z.uuid(), dueAt: z.iso.datetime().optional() }),
  async handle(data, context) {
    const { deps, queues } = context;
    // BullMQ plans in real time; the core's clock may run ahead of it (the demo's test skips ahead).
    const dueAt =
      data.dueAt ?? new Date(scheduledAt(context).getTime() + queues.clockAheadMs()).toISOString();
    const outcome = await issueOneAndSchedule(queues, deps, { engagementId: data.engagementId, dueAt }, true);
    if (outcome.outcome === 'away') {
      return sleepUntil(context, outcome.retryAt, { engagementId: data.engagementId, dueAt });
    }
    return outcome.outcome;
  },
});

/**
 * One engagement's prompt (asking the platform whether the client is away first, when `askPresence`), then
 * its scheduling: an issued prompt changes only its own nudge and the expired prompts' jobs, so those are added,
 * not a full re-plan. Used by this job and by the minute's tick for what it leaves to one by one.
 */
export async function issueOneAndSchedule(
  queues: TriadQueues,
  deps: JobDeps,
  input: { engagementId: string; dueAt: string | Date },
  askPresence = false,
): Promise<PromptJobOutcome> {
  const syncs = holdingSyncs(deps.scheduler);
  const core = { ...deps, scheduler: syncs.scheduler };
  const outcome = askPresence
    ? await promptWhenPresent(input, core)
    : await issueReflectionPrompt(input, core);
  const issued = outcome.outcome === 'issued' ? outcome : undefined;
  try {
    if (issued) {
      await schedulePromptIssued(
        queues,
        { uow: deps.uow, clock: deps.clock, logger: deps.logger, rules: planningRules(deps.settings) },
        { engagementId: input.engagementId, ...issued },
      );
    }
    await syncs.flush(issued ? input.engagementId : undefined);
  } catch (error) {
    deps.logger.warn(
      { engagementId: input.engagementId, err: isTriadError(error) ? error.code : (error as Error)?.name },
      'scheduling after commit failed; reconciliation will catch up',
    );
  }
  return outcome;
}

/**
 * The instant the scheduler meant this run for. A cron run carries it as `prevMillis`; an `{ every }` run does
 * not (and its timestamp is when the run before it made it), but BullMQ names every scheduler run
 * `repeat:<scheduler id>:<planned ms>`.
 */
export function scheduledAt({ job }: JobContext): Date {
  const planned = (job.opts as { prevMillis?: number }).prevMillis;
  if (typeof planned === 'number') return new Date(planned);
  const slot = /^repeat:.+:(\d+)$/.exec(job.id ?? '')?.[1];
  if (slot) return new Date(Number(slot));
  return new Date(job.timestamp + (job.delay ?? 0));
}
