import type { Platform } from '../engagement/records.js';

/**
 * What the platform last said of a client's Do Not Disturb: on or off, and the window it gave (Slack's
 * `next_dnd_start_ts` / `next_dnd_end_ts`; away while now is inside it).
 */
export interface DndFacts {
  enabled: boolean;
  startAt: Date | null;
  endAt: Date | null;
}

/**
 * What a client's profile status means for a prompt: whether it reads as away for days (vacation, out of office),
 * and when it expires (null: it does not). Derived by the platform adapter; the status text itself is never kept.
 */
export interface StatusFacts {
  away: boolean;
  expiresAt: Date | null;
}

/** One person's stored presence: ids, times and booleans only. A part never heard of is null. */
export interface PresenceRecord {
  id: string;
  organisationId: string;
  platformUserId: string;
  statusAway: boolean | null;
  statusExpiresAt: Date | null;
  /** When the platform said what the status part holds (an event's time, or a lookup's); null: never. */
  statusSeenAt: Date | null;
  dndEnabled: boolean | null;
  dndStartAt: Date | null;
  dndEndAt: Date | null;
  dndSeenAt: Date | null;
}

/** A person of an organisation, as the platform names them. */
export interface PresenceKey {
  organisationId: string;
  platformUserId: string;
}

/** What the platform said at `seenAt` of one person: either part, or both. */
export interface PresenceUpdate extends PresenceKey {
  seenAt: Date;
  status?: StatusFacts | undefined;
  dnd?: DndFacts | undefined;
}

/** A client of a live engagement, with what asking the platform for their presence needs. */
export interface ClientToLookUp {
  engagementId: string;
  platform: Platform;
  organisationId: string;
  /** The organisation's platform tenant: whose token asks. */
  tenantId: string;
  clientPlatformUserId: string;
}

/**
 * Presence of the clients Triad prompts, kept from the platform's events (and from a lookup when nothing was
 * kept yet), so that a prompt needs no call to the platform. Identity is (organisation, platform user).
 */
export interface PresenceRecordRepository {
  /** The stored presence of these people (those that have a row), in one statement. */
  listFor(people: readonly PresenceKey[]): Promise<PresenceRecord[]>;
  /**
   * Stores each update part by part, in one statement: a part replaces the stored one unless the stored one was
   * seen later (events can arrive out of order); the other part is left as it is. Several updates of one person
   * are merged, the latest part winning.
   */
  save(updates: readonly PresenceUpdate[]): Promise<void>;
  /**
   * Clients of engagements not closed, cancelled or purged, of organisations on `platforms`, whose presence is not
   * fully stored (no row, or a part never told): in engagement id order after `afterId`, at most `limit`. One
   * statement.
   */
  listClientsUnknown(
    platforms: readonly Platform[],
    afterId: string | undefined,
    limit: number,
  ): Promise<ClientToLookUp[]>;
  /** Deletes the organisation's rows of these people (retention); returns how many went. */
  deleteFor(organisationId: string, platformUserIds: readonly string[]): Promise<number>;
}

/** A row to store, without its id: what `save` writes for each person once their updates are merged. */
export type PresenceRow = Omit<PresenceRecord, 'id'>;

/** Several updates of one person merged into one row (a part not told is null), the latest-seen part winning. */
export function mergePresenceUpdates(updates: readonly PresenceUpdate[]): PresenceRow[] {
  const merged = new Map<string, PresenceRow>();
  for (const update of updates) {
    const key = `${update.organisationId.toLowerCase()}\n${update.platformUserId}`;
    const row: PresenceRow = merged.get(key) ?? {
      organisationId: update.organisationId,
      platformUserId: update.platformUserId,
      statusAway: null,
      statusExpiresAt: null,
      statusSeenAt: null,
      dndEnabled: null,
      dndStartAt: null,
      dndEndAt: null,
      dndSeenAt: null,
    };
    if (update.status && (!row.statusSeenAt || row.statusSeenAt <= update.seenAt)) {
      Object.assign(row, {
        statusAway: update.status.away,
        statusExpiresAt: update.status.expiresAt,
        statusSeenAt: update.seenAt,
      });
    }
    if (update.dnd && (!row.dndSeenAt || row.dndSeenAt <= update.seenAt)) {
      Object.assign(row, {
        dndEnabled: update.dnd.enabled,
        dndStartAt: update.dnd.startAt,
        dndEndAt: update.dnd.endAt,
        dndSeenAt: update.seenAt,
      });
    }
    merged.set(key, row);
  }
  return [...merged.values()].filter((row) => row.statusSeenAt || row.dndSeenAt);
}
