import type { Person } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import type { Audience } from '../../messages/message.js';
import { refusal } from '../../policy/permissions.js';
import type { Repositories } from '../../ports/repositories.js';
import type { ResolvedActor } from '../actor.js';

/** Whether a person coaches, or is shortlisted to coach, in an engagement of the organisation. */
export async function isCoachOf(repos: Repositories, organisationId: string, personId: string) {
  const engagements = await repos.engagements.listByOrganisation(organisationId);
  return engagements.some((e) => e.coachId === personId || e.coachShortlist.includes(personId));
}

const notACoach = (name: string) =>
  new TriadError(
    'not_found',
    `${name} is not a coach in any engagement of your organisation.`,
    'Profiles are for coaches: name them as a coach when you start an engagement, then add their profile.',
  );

/**
 * Who edits a profile, and where their answers go: to them alone, as admin-class replies (a profile is logistics,
 * outside any engagement space, so it may hold nothing private — and Teams shows it in the chat, not a dialog).
 */
export interface ProfileEditor {
  editorId: string;
  by: 'hr' | 'coach';
  coach: Person;
  reader: { personId: string; audience: Audience };
}

/**
 * The one rule for coach profiles: HR of the organisation may edit any of its coaches' profiles; a coach only
 * their own. The client, the sponsor, another coach and anyone else are refused with the permission table's
 * words and learn nothing about the coach.
 */
export async function profileEditor(
  repos: Repositories,
  resolved: ResolvedActor,
  coach: Person | undefined,
): Promise<ProfileEditor> {
  const self = resolved.person;
  const sameOrganisation = coach !== undefined && coach.organisationId === resolved.organisation.id;
  if (resolved.isHrAdmin) {
    if (!self)
      throw new TriadError(
        'not_found',
        'Triad does not know you yet.',
        'Show the coach’s profile with the profile command first.',
      );
    if (!coach || !sameOrganisation) throw new TriadError('not_found', 'Triad does not know that coach.');
    if (!(await isCoachOf(repos, coach.organisationId, coach.id))) throw notACoach(coach.displayName);
    return { editorId: self.id, by: 'hr', coach, reader: { personId: self.id, audience: 'admin' } };
  }
  if (self && coach && self.id === coach.id && (await isCoachOf(repos, self.organisationId, self.id))) {
    return { editorId: self.id, by: 'coach', coach: self, reader: { personId: self.id, audience: 'admin' } };
  }
  throw refusal('edit_coach_profile');
}
