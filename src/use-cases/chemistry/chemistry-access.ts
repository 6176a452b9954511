import type { Engagement, Meeting, Person } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import { type ChemistryParties, choiceBlocks } from '../../messages/compose/chemistry-messages.js';
import type { Block } from '../../messages/message.js';
import type { Unit } from '../../outbox/unit.js';
import { authorizeChemistryCall } from '../../policy/permissions.js';
import type { Repositories } from '../../ports/repositories.js';
import { askerOf, type ResolvedActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { loadTriad, lockEngagement } from '../shared/engagement-access.js';
import type { Located } from '../shared/transition-engagement.js';

export interface ChemistryContext extends Located {
  meeting: Meeting;
  parties: ChemistryParties;
  /** The zone the actor's times are read and shown in. */
  zone: string;
  actorName: string;
}

const notFound = () =>
  new TriadError(
    'not_found',
    'I can’t find that intro call.',
    'Use the buttons on the latest message about it.',
  );

/** The intro calls that count towards the limit: booked or held (a cancelled one frees its place). */
export const liveChemistryCalls = (meetings: readonly Meeting[]) =>
  meetings.filter((m) => m.kind === 'chemistry' && (m.status === 'scheduled' || m.status === 'held'));

/** The coach choice to carry under a message to the client, while no coach is chosen (none after). */
export async function choiceFor(repos: Repositories, engagement: Engagement): Promise<Block[]> {
  if (engagement.coachId) return [];
  const found = await repos.people.getMany(engagement.coachShortlist);
  const coaches = engagement.coachShortlist.flatMap((id) => found.filter((p) => p.id === id));
  const calls = liveChemistryCalls(await repos.meetings.listByEngagement(engagement.id));
  return choiceBlocks(engagement, coaches, calls);
}

/** The client and the coach of an intro call. */
export async function chemistryParties(
  repos: Repositories,
  clientId: string,
  coachId: string | null,
): Promise<ChemistryParties> {
  const people = await repos.people.getMany([clientId, ...(coachId ? [coachId] : [])]);
  const find = (id: string | null) => people.find((p: Person) => p.id === id);
  const client = find(clientId);
  const coach = find(coachId);
  if (!client || !coach) throw notFound();
  return { client, coach };
}

/**
 * Loads an intro call with its (locked) engagement for its client or its coach; anyone else, and any meeting
 * that is not an intro call, gets the same not-found (nothing about the call is told).
 */
export async function loadChemistryCall(
  unit: Unit,
  deps: CoreDeps,
  resolved: ResolvedActor,
  meetingId: string,
): Promise<ChemistryContext> {
  const found = await unit.repos.meetings.get(meetingId);
  if (found?.kind !== 'chemistry') throw notFound();
  const engagement = await lockEngagement(unit.repos, found.engagementId);
  const role = authorizeChemistryCall(engagement, askerOf(resolved), found.coachId, 'arrange_chemistry_call');
  const meeting = (await unit.repos.meetings.get(meetingId)) ?? found;
  const triad = await loadTriad(unit.repos, engagement);
  const parties = await chemistryParties(unit.repos, engagement.clientId, meeting.coachId);
  return {
    meeting,
    engagement,
    triad,
    role,
    parties,
    zone: resolved.person?.timeZone ?? deps.settings.defaultTimeZone,
    actorName: resolved.person?.displayName ?? 'Someone',
  };
}
