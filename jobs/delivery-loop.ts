import { z } from 'zod';
import { type BatchResult, deliverBatch } from '../src/outbox/deliver-batch.js';
import type { JobDeps } from './job-definition.js';

export const batchSettings = z.object({
  /** Entries claimed at once. */
  size: z.number().int().positive(),
  /** How long a claim lasts before another worker may take its entries (a worker that died). */
  leaseMs: z.number().int().positive(),
  /** How often an idle worker looks for due entries. */
  pollMs: z.number().int().positive(),
  /** Batches in flight at once in this process. */
  concurrency: z.number().int().positive(),
});
export type BatchSettings = z.infer<typeof batchSettings>;

export const defaultBatchSettings: BatchSettings = {
  size: 200,
  leaseMs: 30_000,
  pollMs: 200,
  concurrency: 2,
};

export interface DeliveryLoop {
  /** Stops claiming and waits for the batches in flight to be recorded. */
  close(): Promise<void>;
}

/**
 * The batch delivery worker of a process: `concurrency` loops, each claiming a batch of due outbox entries,
 * delivering it (`deliverBatch`) and claiming the next at once while batches come back full, or after
 * `pollMs` when there was little to do. Any number of processes on any number of machines may run it against
 * one database: claims never overlap. A failing database (an outage) is waited out, one poll at a time.
 */
export function startDeliveryLoop(deps: JobDeps, settings: BatchSettings): DeliveryLoop {
  const options = batchSettings.parse(settings);
  let stopping = false;
  const sleeping = new Set<() => void>();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleeping.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleeping.add(done);
    });
  const once = async (): Promise<BatchResult | undefined> => {
    try {
      return await deliverBatch(deps, { size: options.size, leaseMs: options.leaseMs });
    } catch (error) {
      deps.logger.warn({ err: (error as Error)?.name }, 'delivery batch failed; trying again');
      return undefined;
    }
  };
  const loop = async () => {
    while (!stopping) {
      const result = await once();
      const full = result !== undefined && result.claimed === options.size && result.sent > 0;
      if (!full && !stopping) await pause(options.pollMs);
    }
  };
  const loops = Array.from({ length: options.concurrency }, () => loop());
  deps.logger.info({ batch: options.size, loops: options.concurrency }, 'batch delivery started');
  let closed: Promise<void> | undefined;
  return {
    close: () => {
      closed ??= (async () => {
        stopping = true;
        for (const done of [...sleeping]) done();
        await Promise.all(loops);
        deps.logger.info({}, 'batch delivery stopped');
      })();
      return closed;
    },
  };
}
