import type { Clock } from '../src/ports/clock.js';
import type { Logger } from '../src/ports/logger.js';
import type { UnitOfWork } from '../src/ports/repositories.js';
import { deliveryJobOptions, type TriadQueues } from './queues.js';

export interface SweepOptions {
  /** Only rows due at least this long: fresher ones are still on their normal way to the queue. */
  graceMs: number;
  limit: number;
}

export const defaultSweepOptions: SweepOptions = { graceMs: 30_000, limit: 500 };

/** Queues outbox rows for delivery; an id already queued, delayed or running is left alone (job id = outbox id). */
export async function enqueueDeliveries(queues: TriadQueues, outboxIds: readonly string[]): Promise<void> {
  if (outboxIds.length === 0) return;
  await queues.delivery.addBulk(
    outboxIds.map((outboxId) => ({
      name: 'deliver-outbox',
      data: { outboxId },
      opts: { ...deliveryJobOptions, jobId: outboxId },
    })),
  );
}

/**
 * Finds pending outbox rows whose hand-over to the queue was lost (a crash between commit and enqueue, Redis
 * down or flushed) and queues them again. A leftover failed job of the same id is removed first: the row, not
 * the job, says whether the message still has to go.
 */
export async function sweepOutbox(
  queues: TriadQueues,
  deps: { uow: UnitOfWork; clock: Clock; logger: Logger },
  options: SweepOptions = defaultSweepOptions,
): Promise<number> {
  const dueBefore = new Date(deps.clock.now().getTime() - options.graceMs);
  const due = await deps.uow.read.outbox.listDue(dueBefore, options.limit);
  const lost: string[] = [];
  for (const entry of due) {
    const job = await queues.delivery.getJob(entry.id);
    if (job) {
      const state = await job.getState();
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') continue;
      await job.remove().catch(() => undefined);
    }
    lost.push(entry.id);
  }
  await enqueueDeliveries(queues, lost);
  if (lost.length > 0) deps.logger.warn({ requeued: lost.length }, 'outbox rows queued again');
  return lost.length;
}
