import type { JobDeps } from '../jobs/job-definition.js';
import { triadKey } from '../jobs/queues.js';
import { redisPacer } from '../jobs/redis-pacer.js';
import { type RunningWorkers, startWorkers } from '../jobs/workers.js';
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

/** The job handlers' dependencies: the core's, the platforms' outbound sides and Redis pacing per conversation. */
export function jobDeps(runtime: CoreRuntime, platforms: PlatformSides): JobDeps {
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
  };
}

/** The delivery and schedule workers inside the app process (RUN_WORKERS_IN_APP, for small deployments). */
export function startAppWorkers(runtime: CoreRuntime, platforms: PlatformSides): Promise<RunningWorkers> {
  return startWorkers(jobDeps(runtime, platforms), runtime.queues, { rules: runtime.rules });
}
