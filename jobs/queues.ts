import { type JobsOptions, Queue } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import type { Clock } from '../src/ports/clock.js';

/** The two queues: time-driven work (prompts, nudges, reminders, purge, sweep) and outbox delivery. */
export type QueueRole = 'schedule' | 'delivery';
export type QueueNames = Record<QueueRole, string>;

export const defaultQueueNames: QueueNames = { schedule: 'schedule', delivery: 'delivery' };

export interface QueueSettings {
  redisUrl: string;
  /**
   * Redis key prefix (config QUEUE_PREFIX, `{triad}` by default): a hash tag, so each queue's keys share one
   * Redis Cluster slot.
   */
  prefix: string;
  names?: Partial<QueueNames>;
  /**
   * The core's clock, when it is not real time (the demo's test skips ahead): a job planned for `runAt` on it
   * waits `runAt − clock.now()`. Real time when absent, as in production.
   */
  clock?: Clock;
}

export interface TriadQueues {
  readonly prefix: string;
  readonly names: QueueNames;
  readonly schedule: Queue;
  readonly delivery: Queue;
  /** How far the core's clock is ahead of real time (0 without `QueueSettings.clock`): BullMQ delays are real. */
  clockAheadMs(): number;
  /** A plain client for Triad's own keys (conversation pacing, the per-engagement job index). */
  readonly redis: Redis;
  /**
   * A new connection, by default for a Worker (BullMQ needs `maxRetriesPerRequest: null`); `options` override,
   * e.g. to fail fast instead of waiting for Redis to come back.
   */
  connection(options?: RedisOptions): Redis;
  close(): Promise<void>;
}

/** Delivery jobs: the job id is the outbox id, so a message is queued at most once at a time. */
export const deliveryJobOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** One-off scheduled jobs (nudges, reminders): idempotent handlers, so a retry is always safe. */
export const scheduleJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

export function openQueues(settings: QueueSettings): TriadQueues {
  const names = { ...defaultQueueNames, ...settings.names };
  const opened: Redis[] = [];
  const connection = (options: RedisOptions = {}) => {
    const redis = new Redis(settings.redisUrl, { maxRetriesPerRequest: null, ...options });
    opened.push(redis);
    return redis;
  };
  const shared = connection();
  const schedule = new Queue(names.schedule, { connection: shared, prefix: settings.prefix });
  const delivery = new Queue(names.delivery, { connection: shared, prefix: settings.prefix });
  let closed: Promise<void> | undefined;
  return {
    prefix: settings.prefix,
    names,
    schedule,
    delivery,
    clockAheadMs: () => (settings.clock ? settings.clock.now().getTime() - Date.now() : 0),
    redis: shared,
    connection,
    close: () => {
      closed ??= (async () => {
        await Promise.all([schedule.close(), delivery.close()]);
        await Promise.all(opened.map((redis) => redis.quit().catch(() => redis.disconnect())));
      })();
      return closed;
    },
  };
}

/** Triad's own keys, beside the queues' under the same prefix (same cluster slot when it is a hash tag). */
export const triadKey = (queues: Pick<TriadQueues, 'prefix'>, ...parts: string[]): string =>
  [queues.prefix, 'triad', ...parts].join(':');
