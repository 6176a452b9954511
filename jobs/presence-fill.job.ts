import { z } from 'zod';
import { defineJob } from './job-definition.js';
import { runPresenceFill } from './presence-fill.js';

/**
 * The presence backfill (`globalSchedules.presenceFill`, one scheduler with a fixed id): a gentle pass over the
 * live engagements whose client's presence is not stored, so the first Monday after an upgrade (or after a
 * start whose lookup failed) asks the platform for none of them.
 */
export const presenceFillJob = defineJob({
  name: 'presence-fill',
  queue: 'schedule',
  schema: z.object({}).loose(),
  async handle(_data, { deps, queues }) {
    return runPresenceFill(queues, deps);
  },
});
