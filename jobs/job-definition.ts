import { DelayedError, type Job } from 'bullmq';
import type { z } from 'zod';
import type { Platform } from '../src/engagement/records.js';
import type { DeliveryPacer } from '../src/outbox/deliver-batch.js';
import type { ConversationPacer, DeliveryPolicy } from '../src/outbox/delivery-policy.js';
import type { Messenger } from '../src/ports/messenger.js';
import type { Presence } from '../src/ports/presence.js';
import type { AwayRules } from '../src/scheduling/prompt-when-present.js';
import type { CoreDeps } from '../src/use-cases/deps.js';
import type { QueueRole, TriadQueues } from './queues.js';

/** What job handlers may use: the core's dependencies plus the platforms' outbound side. */
export interface JobDeps extends CoreDeps {
  messengers: Partial<Record<Platform, Messenger>>;
  presence?: Partial<Record<Platform, Presence>>;
  pacer?: ConversationPacer;
  /** Token buckets per conversation and tenant, for batch delivery. */
  deliveryPacer?: DeliveryPacer;
  /** Outbox entries are delivered in batches (`startDeliveryLoop`), not by one job each. */
  deliveredInBatches?: boolean;
  deliveryPolicy?: DeliveryPolicy;
  awayRules?: AwayRules;
  /** How the minute's prompt tick splits its prompts into parts (PROMPT_PART_SIZE); defaults when absent. */
  promptTick?: { partSize?: number; pageSize?: number };
}

export interface JobContext {
  job: Job;
  token: string | undefined;
  deps: JobDeps;
  queues: TriadQueues;
}

/** One kind of job: its name, queue, payload schema and handler (one file each, `jobs/<name>.job.ts`). */
export interface JobDefinition<Schema extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly queue: QueueRole;
  readonly schema: Schema;
  handle(data: z.output<Schema>, context: JobContext): Promise<unknown>;
}

export const defineJob = <Schema extends z.ZodType>(
  definition: JobDefinition<Schema>,
): JobDefinition<Schema> => definition;

/**
 * Puts the running job back to sleep until `at` (on the core's clock) with new data: it keeps its id and does
 * not use up an attempt. Throws BullMQ's DelayedError, which the worker understands as "moved, not failed".
 */
export async function sleepUntil(context: JobContext, at: Date, data: unknown): Promise<never> {
  await context.job.updateData(data);
  await context.job.moveToDelayed(at.getTime() - context.queues.clockAheadMs(), context.token);
  throw new DelayedError();
}
