import type { OutboxEntry } from '../engagement/records.js';

/** The engagement and space an outbox entry goes to, when it goes to a space (messages and membership changes). */
export function spaceOf(entry: OutboxEntry): { engagementId: string; space: string } | undefined {
  const destination = entry.destination as { kind?: unknown; engagementId?: unknown; space?: unknown } | null;
  if (destination?.kind !== 'space') return undefined;
  if (typeof destination.engagementId !== 'string' || typeof destination.space !== 'string') return undefined;
  return { engagementId: destination.engagementId, space: destination.space };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The person a direct entry (an HR notice, a DM outside the engagement's spaces) goes to. */
export function personOf(entry: OutboxEntry): string | undefined {
  const destination = entry.destination as { kind?: unknown; personId?: unknown } | null;
  if (destination?.kind !== 'hr' || typeof destination.personId !== 'string') return undefined;
  return uuidPattern.test(destination.personId) ? destination.personId.toLowerCase() : undefined;
}
