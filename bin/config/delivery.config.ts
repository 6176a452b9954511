import { z } from 'zod';
import type { PaceLimits } from '../../jobs/redis-pacer.js';
import { optionalString, wholeNumber } from './env.js';

/**
 * How worker processes deliver the outbox and how many run. Batch delivery (the default) claims due entries
 * from PostgreSQL, paced by token buckets in Redis per conversation and per tenant at the platforms' documented
 * limits; `jobs` is the older one-job-per-entry delivery with a global cap (DELIVERY_RATE_PER_SECOND).
 */
export const deliveryShape = {
  DELIVERY_MODE: optionalString.pipe(z.enum(['batch', 'jobs']).default('batch')),
  /** Outbox entries claimed at once by one batch. */
  DELIVERY_BATCH_SIZE: wholeNumber(1, 5_000, 200),
  /** Batches each worker process has in flight at once. */
  DELIVERY_BATCHES_IN_FLIGHT: wholeNumber(1, 64, 2),
  /** How long a claimed batch is the worker's alone; a worker that dies leaves its entries to others after it. */
  DELIVERY_LEASE_MS: wholeNumber(1_000, 3_600_000, 30_000),
  /** How often an idle worker looks for due entries. */
  DELIVERY_POLL_MS: wholeNumber(10, 60_000, 200),
  /** Slack chat.postMessage: about one message a second per conversation. */
  SLACK_CONVERSATION_PER_SECOND: wholeNumber(1, 1_000, 1),
  /** Slack's workspace-wide limit for posting, which Slack does not publish ("a few hundred a minute"). */
  SLACK_WORKSPACE_PER_MINUTE: wholeNumber(1, 1_000_000, 300),
  /** Teams: 7 messages a second per conversation (per bot per thread). */
  TEAMS_CONVERSATION_PER_SECOND: wholeNumber(1, 1_000, 7),
  /** Teams: 50 requests a second per app per tenant. */
  TEAMS_TENANT_PER_SECOND: wholeNumber(1, 100_000, 50),
  /** Worker processes `npm run worker` starts on this machine; 0 for one per core. */
  WORKER_PROCESSES: wholeNumber(0, 256, 0),
};

export type DeliveryConfig = {
  [K in keyof typeof deliveryShape]: z.output<(typeof deliveryShape)[K]>;
};

/** The token buckets' limits from the configuration: sustained rates, with a burst of one second's worth. */
export function paceLimitsFromConfig(config: DeliveryConfig): PaceLimits {
  const bucket = (perSecond: number, burst = perSecond) => ({
    perSecond,
    burst: Math.max(1, Math.floor(burst)),
  });
  const workspacePerSecond = config.SLACK_WORKSPACE_PER_MINUTE / 60;
  return {
    slack: {
      conversation: bucket(config.SLACK_CONVERSATION_PER_SECOND),
      tenant: bucket(workspacePerSecond, workspacePerSecond * 2),
    },
    teams: {
      conversation: bucket(config.TEAMS_CONVERSATION_PER_SECOND),
      tenant: bucket(config.TEAMS_TENANT_PER_SECOND),
    },
  };
}
