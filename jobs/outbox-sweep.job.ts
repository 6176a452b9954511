import { z } from 'zod';
import { defineJob } from './job-definition.js';
import { sweepOutbox } from './outbox-sweep.js';

/** Every minute: outbox rows whose enqueue was lost are queued again. */
export const outboxSweepJob = defineJob({
  name: 'outbox-sweep',
  queue: 'schedule',
  schema: z.object({}).loose(),
  async handle(_data, { deps, queues }) {
    return { requeued: await sweepOutbox(queues, deps) };
  },
});
