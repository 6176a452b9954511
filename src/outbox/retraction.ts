import type { GateDecision } from '../confidentiality/outbound-gate.js';
import type { OutboxEntry } from '../engagement/records.js';
import { type RetractionPayload, retractionKeys } from '../messages/serialize.js';
import type { Repositories } from '../ports/repositories.js';

/**
 * What delivering a retraction has to do, read from the entry it takes back:
 * - `delete`: that entry was sent; its platform message is deleted;
 * - `search`: it never got confirmed as sent (cancelled, refused or failed) after an attempt had started, so the
 *   message may be on the platform anyway: look for it by its outbox id, delete it if found;
 * - `wait`: it is still being delivered (or waits for a retry the gate will refuse): look again later;
 * - `nothing`: it was never posted (cancelled before any attempt), or it is not a message Triad can take back.
 */
export type RetractionStep =
  | { step: 'delete'; platformMessageId: string }
  | { step: 'search'; outboxId: string; since: Date }
  | { step: 'wait' }
  | { step: 'nothing' };

/** How long a retraction waits before looking again at an entry that is still being delivered. */
export const RETRACTION_WAIT_MS = 30_000;

export async function retractionStep(
  repos: Pick<Repositories, 'outbox'>,
  payload: RetractionPayload,
): Promise<RetractionStep> {
  const posted = await repos.outbox.get(payload.retracts);
  if (!posted || !retractable(posted, payload.engagementId, payload.space)) return { step: 'nothing' };
  switch (posted.status) {
    case 'sent':
      return posted.platformMessageId
        ? { step: 'delete', platformMessageId: posted.platformMessageId }
        : { step: 'nothing' };
    case 'pending':
      return { step: 'wait' };
    default:
      return posted.attempts > 0
        ? { step: 'search', outboxId: posted.id, since: posted.createdAt }
        : { step: 'nothing' };
  }
}

/** Only a message Triad posted into a space of the same engagement can be taken back. */
export function retractable(entry: OutboxEntry, engagementId: string, space?: string): boolean {
  const destination = entry.destination as { kind?: unknown; space?: unknown } | null;
  if (entry.engagementId !== engagementId || destination?.kind !== 'space') return false;
  if (destination.space !== 'sponsor' && destination.space !== 'coaching') return false;
  return space === undefined || destination.space === space;
}

/** A retraction carries ids only: any other key (a message, text) is content, and the entry is refused. */
export function retractionCarriesContent(payload: RetractionPayload): boolean {
  return Object.keys(payload).some((key) => !retractionKeys.includes(key));
}

/** The audit record of a refused retraction: ids and counts only, like every gate decision. */
export function refusedRetraction(payload: RetractionPayload): GateDecision {
  return {
    action: 'outbound_gate',
    outcome: 'refused',
    engagementId: payload.engagementId,
    details: {
      destination: `space:${payload.space}`,
      audience: payload.space === 'sponsor' ? 'shared' : 'private',
      parts: { logistics: 0, command: 0, time: 0, sponsor_authored: 0, released: 0, private: 0 },
      releaseIds: [],
      reason: 'retraction_with_content',
    },
  };
}
