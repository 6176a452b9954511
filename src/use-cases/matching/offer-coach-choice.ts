import type { Engagement, Person } from '../../engagement/records.js';
import { coachChoice } from '../../messages/compose/matching-choice.js';
import type { Unit } from '../../outbox/unit.js';

/**
 * Part of the kickoff-held transition: when no coach is chosen yet, the client's DM gets each shortlisted coach's
 * profile, one button per coach (and a "Book an intro call" picker each, when the organisation offers intro calls).
 * Runs inside the caller's transaction; the key makes it once per engagement.
 */
export async function offerCoachChoice(unit: Unit, engagement: Engagement): Promise<Person[]> {
  // No coach yet and nobody to choose from: the coach invited by e-mail has not joined; they will be the coach.
  if (engagement.coachId || engagement.coachShortlist.length === 0) return [];
  const found = await unit.repos.people.getMany(engagement.coachShortlist);
  const coaches = engagement.coachShortlist
    .map((id) => found.find((p) => p.id === id))
    .filter((p): p is Person => p !== undefined);
  const organisation = await unit.repos.organisations.get(engagement.organisationId);
  const profiles = await unit.repos.coachProfiles.listFor(
    engagement.organisationId,
    engagement.coachShortlist,
  );
  await unit.send(
    coachChoice(engagement, coaches, { chemistryCalls: organisation?.chemistryCalls ?? false, profiles }),
    `engagement:${engagement.id}:coach-choice`,
  );
  return coaches;
}
