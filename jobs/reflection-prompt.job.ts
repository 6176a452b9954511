import { z } from 'zod';
import { isTriadError } from '../src/errors.js';
import { planningRules } from '../src/scheduling/plan-engagement.js';
import { promptWhenPresent } from '../src/scheduling/prompt-when-present.js';
import { defineJob, type JobContext, sleepUntil } from './job-definition.js';
import { holdingSyncs, schedulePromptIssued } from './nudge-scheduling.js';

/**
 * Fired by the engagement's job scheduler (weekly cron in the client's zone, or every configured prompt
 * interval). The due time is the scheduled instant BullMQ computed, not the moment the worker got to it, so a
 * late run still belongs to its week. While the client is away the job sleeps and looks again; the core
 * decides when to give up for the week.
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
    const syncs = holdingSyncs(deps.scheduler);
    const outcome = await promptWhenPresent(
      { engagementId: data.engagementId, dueAt },
      { ...deps, scheduler: syncs.scheduler },
    );
    // An issued prompt changes only its own nudge and the expired prompts' jobs: add those, not a full re-plan.
    const issued = outcome.outcome === 'issued' ? outcome : undefined;
    try {
      if (issued) {
        await schedulePromptIssued(
          queues,
          { uow: deps.uow, clock: deps.clock, logger: deps.logger, rules: planningRules(deps.settings) },
          { engagementId: data.engagementId, ...issued },
        );
      }
      await syncs.flush(issued ? data.engagementId : undefined);
    } catch (error) {
      deps.logger.warn(
        { engagementId: data.engagementId, err: isTriadError(error) ? error.code : (error as Error)?.name },
        'scheduling after commit failed; reconciliation will catch up',
      );
    }
    if (outcome.outcome === 'away') {
      return sleepUntil(context, outcome.retryAt, { engagementId: data.engagementId, dueAt });
    }
    return outcome.outcome;
  },
});

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
