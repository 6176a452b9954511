import type { PresenceUpdate } from '../ports/presence-records.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { type KnownPresence, knownOf, presenceKey } from './known-presence.js';

/** What is stored of these people's presence (Slack's events, earlier lookups), by `presenceKey`. */
export async function readKnownPresence(
  people: readonly { organisationId: string; platformUserId: string }[],
  deps: Pick<CoreDeps, 'uow'>,
): Promise<Map<string, KnownPresence>> {
  const known = new Map<string, KnownPresence>();
  for (const record of await deps.uow.read.presenceRecords.listFor(people)) {
    known.set(presenceKey(record.organisationId, record.platformUserId), knownOf(record));
  }
  return known;
}

/** Stores what the platform said; false when it could not be stored (it is only asked again later). */
export async function storeLearned(
  updates: readonly PresenceUpdate[],
  deps: Pick<CoreDeps, 'uow' | 'logger'>,
): Promise<boolean> {
  if (updates.length === 0) return true;
  try {
    await deps.uow.transaction((repos) => repos.presenceRecords.save(updates));
    return true;
  } catch (error) {
    deps.logger.warn(
      { people: updates.length, err: (error as { code?: string })?.code ?? (error as Error)?.name },
      'presence learned but not stored; asked again later',
    );
    return false;
  }
}
