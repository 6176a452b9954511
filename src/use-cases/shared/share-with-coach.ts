import type { Person, PrivateEntry } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import type { PrivateMessage } from '../../messages/message.js';
import type { Unit } from '../../outbox/unit.js';
import { withReader } from '../../policy/readers.js';
import type { CoreDeps } from '../deps.js';

/** The coach a client shares with: the engagement's coach of the moment, or a clear refusal before there is one. */
export function coachToShareWith(coach: Person | undefined): Person {
  if (coach) return coach;
  throw new TriadError(
    'conflict',
    'You have no coach yet, so there is no one to share with.',
    'Choose your coach first; then share again.',
  );
}

/**
 * Shares a client's entry with their coach, the one way entries are shared: that coach joins the entry's readers
 * (a later coach never does) and `post(readers)` goes to the coaching space under `key`, for the two of them.
 */
export async function addCoachAsReader(
  unit: Unit,
  deps: Pick<CoreDeps, 'clock'>,
  entry: PrivateEntry,
  coach: Person,
  post: (readers: string[]) => PrivateMessage,
  key: string,
): Promise<void> {
  const readers = withReader(entry.readers, coach.id);
  await unit.send(post(readers), key);
  const now = deps.clock.now();
  await unit.repos.entries.update({ ...entry, readers, sharedWithCoachAt: now, version: entry.version + 1 });
}
