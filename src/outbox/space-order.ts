import type { OutboxEntry } from '../engagement/records.js';

/** The engagement and space an outbox entry goes to, when it goes to a space (messages and membership changes). */
export function spaceOf(entry: OutboxEntry): { engagementId: string; space: string } | undefined {
  const destination = entry.destination as { kind?: unknown; engagementId?: unknown; space?: unknown } | null;
  if (destination?.kind !== 'space') return undefined;
  if (typeof destination.engagementId !== 'string' || typeof destination.space !== 'string') return undefined;
  return { engagementId: destination.engagementId, space: destination.space };
}
