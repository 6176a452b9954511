import type { DndFacts, PresenceRecord, PresenceUpdate, StatusFacts } from '../ports/presence-records.js';

/** What is known of one client's presence: each part when the platform told it (an event, or a lookup). */
export interface KnownPresence {
  status?: StatusFacts | undefined;
  dnd?: DndFacts | undefined;
}

/** A status that reads as away counts until it expires; an expired one counts as present. */
export const statusAwayAt = (status: StatusFacts, now: Date): boolean =>
  status.away && (status.expiresAt === null || status.expiresAt.getTime() > now.getTime());

/** Do Not Disturb counts while it is on and now is inside its window; a passed window counts as present. */
export const dndAwayAt = (dnd: DndFacts, now: Date): boolean =>
  dnd.enabled &&
  dnd.startAt !== null &&
  dnd.endAt !== null &&
  dnd.startAt.getTime() <= now.getTime() &&
  now.getTime() < dnd.endAt.getTime();

/**
 * Away when a known part says so; present when both parts are known and neither does; otherwise unknown (a part
 * was never told, so the platform is asked for it).
 */
export function verdictOf(known: KnownPresence | undefined, now: Date): 'away' | 'present' | 'unknown' {
  if (known?.status && statusAwayAt(known.status, now)) return 'away';
  if (known?.dnd && dndAwayAt(known.dnd, now)) return 'away';
  return known?.status && known.dnd ? 'present' : 'unknown';
}

/** The parts a stored row holds. */
export function knownOf(record: PresenceRecord): KnownPresence {
  return {
    ...(record.statusSeenAt && record.statusAway !== null
      ? { status: { away: record.statusAway, expiresAt: record.statusExpiresAt } }
      : {}),
    ...(record.dndSeenAt && record.dndEnabled !== null
      ? { dnd: { enabled: record.dndEnabled, startAt: record.dndStartAt, endAt: record.dndEndAt } }
      : {}),
  };
}

/** A person's key among stored rows: organisation and platform user. */
export const presenceKey = (organisationId: string, platformUserId: string) =>
  `${organisationId.toLowerCase()}\n${platformUserId}`;

/** Updates to store for what a lookup learned. */
export function updatesOf(
  organisationId: string,
  facts: readonly { platformUserId: string; status?: StatusFacts | undefined; dnd?: DndFacts | undefined }[],
  seenAt: Date,
): PresenceUpdate[] {
  return facts
    .filter((fact) => fact.status || fact.dnd)
    .map((fact) => ({
      organisationId,
      platformUserId: fact.platformUserId,
      seenAt,
      status: fact.status,
      dnd: fact.dnd,
    }));
}
