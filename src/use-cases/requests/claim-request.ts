import { z } from 'zod';
import type { CoreDeps } from '../deps.js';
import { parseInput } from '../shared/parse-input.js';

export const claimInput = z.object({
  /** What must happen once: a platform's request id, a notice's key. */
  key: z.string().min(1).max(400),
  /** Recorded with the key, for whoever reads `processed_requests` later. */
  outcome: z.record(z.string(), z.union([z.string(), z.boolean()])),
});
export type ClaimInput = z.input<typeof claimInput>;

/** Records `key` as handled in Postgres (`processed_requests`): true the first time, false for a repeat. */
export async function claimOnce(raw: ClaimInput, deps: Pick<CoreDeps, 'uow' | 'clock'>): Promise<boolean> {
  const input = parseInput(claimInput, raw);
  return deps.uow.transaction((repos) =>
    repos.processed.insert({ key: input.key, outcome: input.outcome, createdAt: deps.clock.now() }),
  );
}

/**
 * Claims an inbound request before it runs: a platform re-sends a request it thinks failed, and that must not
 * act twice. When the database cannot be reached the request goes on (true), so its use case answers "nothing
 * was saved" instead of silence.
 */
export async function claimInboundRequest(
  raw: ClaimInput,
  deps: Pick<CoreDeps, 'uow' | 'clock' | 'logger'>,
): Promise<boolean> {
  try {
    return await claimOnce(raw, deps);
  } catch (error) {
    deps.logger.warn({ err: (error as Error)?.name }, 'could not record a request key; handling it anyway');
    return true;
  }
}
