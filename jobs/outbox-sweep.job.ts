import { z } from 'zod';
import { defineJob } from './job-definition.js';
import { sweepOutbox } from './outbox-sweep.js';

/** Every minute: outbox rows whose enqueue was lost are queued again (batch delivery reads the table itself). */
export const outboxSweepJob = defineJob({
  name: 'outbox-sweep',
  queue: 'schedule',
  schema: z.object({}).loose(),
  async handle(_data, { deps, queues }) {
    if (deps.deliveredInBatches) return { requeued: 0 };
    return { requeued: await sweepOutbox(queues, deps) };
  },
});
