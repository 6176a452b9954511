import { z } from 'zod';
import { defineJob } from './job-definition.js';
import { runPromptTick } from './prompt-tick.js';
import { scheduledAt } from './reflection-prompt.job.js';

/**
 * The minute's prompt tick (`globalSchedules.promptTick`, one scheduler with a fixed id: each minute's run is
 * one job, taken by one worker). It plans and queues the minute's `prompt-part` jobs, which every worker takes.
 * The instant is the minute BullMQ planned the run for, so a late run covers everything up to its own minute
 * and the next run the rest.
 */
export const promptTickJob = defineJob({
  name: 'prompt-tick',
  queue: 'schedule',
  schema: z.object({}),
  async handle(_data, context) {
    const tickAt = new Date(scheduledAt(context).getTime() + context.queues.clockAheadMs());
    return runPromptTick(context.queues, context.deps, tickAt);
  },
});
