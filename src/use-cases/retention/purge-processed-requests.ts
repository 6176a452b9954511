import { z } from 'zod';
import { parseInput } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';

const HOUR_MS = 3_600_000;

/**
 * How long a handled request's key is kept. Slack retries an event within minutes and Teams re-sends an
 * activity within hours; a week is far beyond both, and a click or submission cannot come back after it (a
 * modal's view id and a click's action_ts are never reused). Deliberately not RETENTION_SECONDS: that setting
 * shortens private-content retention for demos, and request keys kept for seconds would let retries through.
 */
export const PROCESSED_REQUEST_RETENTION_MS = 7 * 24 * HOUR_MS;

/**
 * The keys that only guard against a platform's retries and double clicks. Keys that mark something done once
 * for good (Teams setup and roster notices, membership removals in progress) are not listed and never purged.
 */
export const RETRY_GUARD_PREFIXES = [
  'slack:',
  'teams:activity:',
  'goal-draft:',
  'goal-edit:',
  'reflection-answer:',
  'reflection-dm:',
  'relay-draft:',
] as const;

export const purgeProcessedRequestsInput = z.object({
  /** The job's run time (an ISO string from a job payload is accepted); the clock's time when omitted. */
  now: z.coerce.date().optional(),
  /** Keys older than this go; never less than an hour, so no platform retry can slip through. */
  olderThanMs: z.number().int().min(HOUR_MS).default(PROCESSED_REQUEST_RETENTION_MS),
  /** Keys deleted per transaction: short transactions, no long lock on a table every request writes to. */
  batchSize: z.number().int().min(1).max(10_000).default(1_000),
  /** Batches per run at most; a larger backlog is worked off by the next runs. */
  maxBatches: z.number().int().min(1).max(10_000).default(200),
});
export type PurgeProcessedRequestsInput = z.input<typeof purgeProcessedRequestsInput>;

export interface PurgeProcessedRequestsResult {
  deleted: number;
  /** False when the run stopped at `maxBatches` with old keys possibly left for the next run. */
  complete: boolean;
}

/**
 * Called by the daily retention job: deletes the retry-guard keys of `processed_requests` older than the
 * window, in bounded batches, each in its own transaction. A request whose key was purged would run again if
 * it came back, which no platform does after the window.
 */
export async function purgeProcessedRequests(
  raw: PurgeProcessedRequestsInput,
  deps: CoreDeps,
): Promise<PurgeProcessedRequestsResult> {
  const input = parseInput(purgeProcessedRequestsInput, raw);
  const now = input.now ?? deps.clock.now();
  const before = new Date(now.getTime() - input.olderThanMs);
  let deleted = 0;
  for (let batch = 0; batch < input.maxBatches; batch += 1) {
    const count = await deps.uow.transaction((repos) =>
      repos.processed.deleteRecordedBefore(before, RETRY_GUARD_PREFIXES, input.batchSize),
    );
    deleted += count;
    if (count < input.batchSize) {
      deps.logger.info({ deleted }, 'request keys purged');
      return { deleted, complete: true };
    }
  }
  deps.logger.info({ deleted }, 'request keys purged; more are left for the next run');
  return { deleted, complete: false };
}
