import { z } from 'zod';
import { planningRules } from '../src/scheduling/plan-engagement.js';
import { runHorizonTick } from './horizon-tick.js';
import { defineJob } from './job-definition.js';
import { scheduledAt } from './reflection-prompt.job.js';

/**
 * The horizon tick (`globalSchedules.horizonTick`, one scheduler with a fixed id: each run is one job, taken by
 * one worker). The instant is the one BullMQ planned the run for (on the core's clock), so a late run covers up
 * to its own instant plus the horizon, and the next run the rest.
 */
export const horizonTickJob = defineJob({
  name: 'horizon-tick',
  queue: 'schedule',
  schema: z.object({}),
  async handle(_data, context) {
    const { deps, queues } = context;
    const tickAt = new Date(scheduledAt(context).getTime() + queues.clockAheadMs());
    const schedulerDeps = {
      uow: deps.uow,
      clock: deps.clock,
      logger: deps.logger,
      rules: planningRules(deps.settings),
    };
    return runHorizonTick(queues, schedulerDeps, tickAt);
  },
});
