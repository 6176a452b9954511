import { type InboundHandler, startInboundWorker } from '../jobs/inbound-queue.js';
import type { JobDeps } from '../jobs/job-definition.js';
import { triadKey } from '../jobs/queues.js';
import { documentedLimits, type PaceLimits, redisDeliveryPacer, redisPacer } from '../jobs/redis-pacer.js';
import { type RunningWorkers, startWorkers, type WorkerSettings } from '../jobs/workers.js';
import type { Platform } from '../src/engagement/records.js';
import type { Messenger } from '../src/ports/messenger.js';
import type { Presence } from '../src/ports/presence.js';
import type { CoreRuntime } from './wire-core.js';

/** About one message per second per conversation (Slack's limit for chat.postMessage). */
export const CONVERSATION_INTERVAL_MS = 1_000;

export interface PlatformSides {
  messengers: Partial<Record<Platform, Messenger>>;
  presence: Partial<Record<Platform, Presence>>;
}

/**
 * The job handlers' dependencies: the core's, the platforms' outbound sides and Redis pacing per conversation
 * (one job per entry) and per conversation and tenant (batches), at `limits`.
 */
export function jobDeps(
  runtime: CoreRuntime,
  platforms: PlatformSides,
  limits: PaceLimits = documentedLimits,
): JobDeps {
  const { core, queues } = runtime;
  return {
    ...core,
    messengers: platforms.messengers,
    presence: platforms.presence,
    pacer: redisPacer(queues.redis, {
      intervalMs: CONVERSATION_INTERVAL_MS,
      keyOf: (conversation) => triadKey(queues, 'pace', conversation),
      clock: core.clock,
    }),
    deliveryPacer: redisDeliveryPacer(queues.redis, {
      limits,
      keyOf: (bucket) => triadKey(queues, 'bucket', bucket),
      clock: core.clock,
    }),
  };
}

/**
 * Every worker of a process: delivery and schedule, and the inbound worker that runs queued commands with the
 * platforms' handlers, with the concurrency and delivery cap of `settings` (`workerSettingsFromConfig`). Used
 * by `npm run worker` and inside the app (RUN_WORKERS_IN_APP, small deployments).
 */
export async function startProcessWorkers(
  runtime: CoreRuntime,
  platforms: PlatformSides,
  inboundHandlers: Readonly<Record<string, InboundHandler>>,
  settings: WorkerSettings & { paceLimits?: PaceLimits } = {},
): Promise<RunningWorkers> {
  const { paceLimits, ...workerSettings } = settings;
  const running = await startWorkers(jobDeps(runtime, platforms, paceLimits), runtime.queues, {
    ...workerSettings,
    rules: runtime.rules,
  });
  const inbound = startInboundWorker(runtime.queues, inboundHandlers, { logger: runtime.core.logger });
  return {
    workers: running.workers,
    close: async () => {
      await Promise.all([inbound.close(), running.close()]);
    },
  };
}
