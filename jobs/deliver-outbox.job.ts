import { z } from 'zod';
import { deliverOutboxEntry } from '../src/outbox/deliver-outbox-entry.js';
import { defineJob, sleepUntil } from './job-definition.js';

/**
 * Delivers one outbox entry (job id = outbox id). A retry, a Retry-After or the conversation's next free slot
 * puts the job back to sleep until then; the outbox row stays the source of truth for attempts and status.
 */
export const deliverOutboxJob = defineJob({
  name: 'deliver-outbox',
  queue: 'delivery',
  schema: z.object({ outboxId: z.uuid(), slot: z.iso.datetime().optional() }),
  async handle(data, context) {
    const { deps } = context;
    // The batch worker claims every due entry from the table; a job left from one-by-one delivery does nothing.
    if (deps.deliveredInBatches) return 'delivered in batches';
    const outcome = await deliverOutboxEntry(data, {
      uow: deps.uow,
      cipher: deps.cipher,
      clock: deps.clock,
      logger: deps.logger,
      messengers: deps.messengers,
      ids: deps.ids,
      scheduler: deps.scheduler,
      ...(deps.pacer ? { pacer: deps.pacer } : {}),
      ...(deps.deliveryPolicy ? { policy: deps.deliveryPolicy } : {}),
    });
    if (outcome.outcome === 'retry') {
      const slot = outcome.slot ? { slot: outcome.slot.toISOString() } : {};
      return sleepUntil(context, outcome.at, { outboxId: data.outboxId, ...slot });
    }
    return outcome.outcome;
  },
});
