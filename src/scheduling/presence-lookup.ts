import type { Platform } from '../engagement/records.js';
import type { Logger } from '../ports/logger.js';
import type { Presence } from '../ports/presence.js';
import type { PresenceUpdate } from '../ports/presence-records.js';
import { type KnownPresence, presenceKey, updatesOf, verdictOf } from './known-presence.js';

/** A due client as the lookup needs them. */
export interface LookupRow {
  engagementId: string;
  platform: Platform;
  organisationId: string;
  tenantId: string;
  clientPlatformUserId: string;
}

/** Platform calls in flight at once for a page. */
const IN_FLIGHT = 16;
/** People per bulk lookup when the platform does not say (Slack's `dnd.teamInfo` takes 50). */
const DEFAULT_LOOKUP_LIMIT = 50;

/**
 * Asks the platforms for what is not known of these clients: in bulk where the platform can (per organisation,
 * `lookUpLimit` people a call; Do Not Disturb first, then the status only of those it did not show away), one by
 * one otherwise. Fills `known` with what was learned and returns it as updates to store, and the engagements
 * found away by a platform that only answers yes or no. A failed lookup leaves the presence unknown: present.
 * `everyPart` (learning presence ahead of a prompt): each part not known is asked, in one lookup per chunk, even
 * the status of someone whose Do Not Disturb says away now, so the stored row is whole.
 */
export async function askPlatforms(
  rows: readonly LookupRow[],
  known: Map<string, KnownPresence>,
  presence: Partial<Record<Platform, Presence>>,
  now: Date,
  logger: Logger,
  options: { everyPart?: boolean } = {},
): Promise<{ updates: PresenceUpdate[]; awayByAnswer: Set<string> }> {
  const updates: PresenceUpdate[] = [];
  const awayByAnswer = new Set<string>();
  const tasks: (() => Promise<void>)[] = [];
  const groups = new Map<string, LookupRow[]>();
  for (const row of rows) {
    const group = `${row.platform}\n${row.organisationId}\n${row.tenantId}`;
    groups.set(group, [...(groups.get(group) ?? []), row]);
  }
  for (const group of groups.values()) {
    const first = group[0] as LookupRow;
    const platformPresence = presence[first.platform];
    if (!platformPresence) continue;
    const tenantPresence = platformPresence.forTenant?.(first.tenantId) ?? platformPresence;
    const { lookUp } = tenantPresence;
    if (!lookUp) {
      // Learning ahead: a platform that only answers yes or no now leaves nothing to store.
      if (options.everyPart) continue;
      for (const row of group) tasks.push(() => askOne(row, tenantPresence, awayByAnswer, logger));
      continue;
    }
    const limit = Math.max(1, tenantPresence.lookUpLimit ?? DEFAULT_LOOKUP_LIMIT);
    for (let start = 0; start < group.length; start += limit) {
      const chunk = group.slice(start, start + limit);
      tasks.push(async () => {
        const keyOf = (row: LookupRow) => presenceKey(row.organisationId, row.clientPlatformUserId);
        const learn = (facts: Awaited<ReturnType<typeof lookUp>>) => {
          const byUser = new Map(chunk.map((row) => [row.clientPlatformUserId, keyOf(row)]));
          for (const fact of facts) {
            const key = byUser.get(fact.platformUserId);
            if (!key) continue;
            known.set(key, {
              ...known.get(key),
              ...(fact.dnd ? { dnd: fact.dnd } : {}),
              ...(fact.status ? { status: fact.status } : {}),
            });
          }
          updates.push(...updatesOf(first.organisationId, facts, now));
        };
        try {
          if (options.everyPart) {
            const questionOf = (rows: readonly LookupRow[]) => {
              const missing = (part: 'dnd' | 'status') =>
                rows.filter((row) => !known.get(keyOf(row))?.[part]).map((row) => row.clientPlatformUserId);
              return { dnd: missing('dnd'), status: missing('status') };
            };
            const question = questionOf(chunk);
            if (question.dnd.length + question.status.length === 0) return;
            try {
              learn(await lookUp.call(tenantPresence, question));
            } catch (error) {
              if (chunk.length === 1) throw error;
              // One person the platform refuses (a deactivated account: `user_not_found`) fails a bulk call for
              // everyone in it; asked one by one, the others are learned and only that one stays unknown.
              for (const row of chunk) {
                await lookUp
                  .call(tenantPresence, questionOf([row]))
                  .then(learn)
                  .catch(() => undefined);
              }
              throw error;
            }
            return;
          }
          const dnd = chunk
            .filter((row) => !known.get(keyOf(row))?.dnd)
            .map((row) => row.clientPlatformUserId);
          if (dnd.length > 0) learn(await lookUp.call(tenantPresence, { dnd, status: [] }));
          const status = chunk
            .filter(
              (row) => !known.get(keyOf(row))?.status && verdictOf(known.get(keyOf(row)), now) !== 'away',
            )
            .map((row) => row.clientPlatformUserId);
          if (status.length > 0) learn(await lookUp.call(tenantPresence, { dnd: [], status }));
        } catch (error) {
          logger.warn(
            { organisationId: first.organisationId, clients: chunk.length, err: (error as Error)?.name },
            'presence unknown; prompting anyway',
          );
        }
      });
    }
  }
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const task = tasks[next] as () => Promise<void>;
      next += 1;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, tasks.length) }, lane));
  return { updates, awayByAnswer };
}

/** A platform that only answers yes or no, one person at a time (nothing to store). */
async function askOne(row: LookupRow, presence: Presence, away: Set<string>, logger: Logger): Promise<void> {
  try {
    if (await presence.isAway(row.clientPlatformUserId)) away.add(row.engagementId);
  } catch (error) {
    logger.warn(
      { engagementId: row.engagementId, err: (error as Error)?.name },
      'presence unknown; prompting anyway',
    );
  }
}
