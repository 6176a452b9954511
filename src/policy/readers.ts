/**
 * The one read policy (DESIGN section 3, "Readers are people, not space kinds"): may person P read item I?
 *
 * Every private item records, when it is written or shared, the person ids who may read it: a private entry
 * (`PrivateEntry.readers`), a private part of a message (`PrivatePart.readers`), an outbox entry
 * (`OutboxEntry.readers`: the people of the space it was written for). Nobody is ever added to an item's
 * readers by a later change (a new coach reads nothing shared with the previous one). Every read path — App
 * Home, replies and forms (through the outbound gate), the client's export, deliveries and their retries —
 * asks this module, so a viewer matrix over `mayRead` is the policy table.
 */

/** Anything that carries its readers: a private entry, a private part, an outbox entry. */
export interface Readable {
  readonly readers: readonly string[];
}

/**
 * Whether `personId` may read `item`. False for a missing or malformed reader list (a legacy payload written
 * before readers existed is readable by nobody), and for an empty person id.
 */
export function mayRead(personId: string | null | undefined, item: Readable | null | undefined): boolean {
  if (!personId || !item || !Array.isArray(item.readers)) return false;
  return item.readers.includes(personId);
}

/** Whether every one of `people` may read `item` (a space's readers against a private part); false for none. */
export function mayAllRead(people: readonly string[], item: Readable | null | undefined): boolean {
  return people.length > 0 && people.every((personId) => mayRead(personId, item));
}

/** `readers` plus `personId`, without duplicates and in a stable order (sharing an entry with a coach). */
export function withReader(readers: readonly string[], personId: string): string[] {
  return readers.includes(personId) ? [...readers] : [...readers, personId];
}

/** Who reads each space of an engagement: the client's DM is theirs; a coaching space is the client's and its coach's. */
export function spaceReaders(
  triad: { clientId: string; sponsorId: string; coachId: string | null },
  space: { kind: 'client_dm' | 'coaching' | 'sponsor'; coachId: string | null },
): string[] {
  if (space.kind === 'client_dm') return [triad.clientId];
  if (space.kind === 'coaching') return space.coachId ? [triad.clientId, space.coachId] : [triad.clientId];
  return triad.coachId ? [triad.sponsorId, triad.clientId, triad.coachId] : [triad.sponsorId, triad.clientId];
}
