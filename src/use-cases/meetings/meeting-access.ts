import type { Engagement, Meeting, Person } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import type { Unit } from '../../outbox/unit.js';
import type { Action } from '../../policy/permissions.js';
import type { ResolvedActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import {
  loadTriad,
  lockEngagement,
  replyAudience,
  requireRole,
  type Triad,
  type TriadRole,
} from '../shared/engagement-access.js';

export interface MeetingContext {
  meeting: Meeting;
  engagement: Engagement;
  triad: Triad;
  role: TriadRole;
  /** The zone the actor's times are read and shown in. */
  zone: string;
  /** How the actor is named in the sponsor thread. */
  actorName: string;
}

const notFound = () =>
  new TriadError('not_found', 'I can’t find that meeting.', 'Use the buttons on the latest meeting message.');

/**
 * Loads a meeting with its (locked) engagement and the actor's role, refusing whoever may not do `action` and
 * meetings of the wrong family (triad meetings vs coaching sessions).
 */
export async function loadMeeting(
  unit: Unit,
  deps: CoreDeps,
  resolved: ResolvedActor,
  meetingId: string,
  family: 'triad' | 'session',
  action: Action,
): Promise<MeetingContext> {
  const found = await unit.repos.meetings.get(meetingId);
  // An intro call is its client's and coach's alone (`loadChemistryCall`): no triad flow finds it.
  if (!found || found.kind === 'chemistry') throw notFound();
  const engagement = await lockEngagement(unit.repos, found.engagementId);
  const role = requireRole(engagement, resolved, action);
  if ((found.kind === 'session') !== (family === 'session')) {
    throw new TriadError(
      'validation_failed',
      family === 'session'
        ? 'That is an alignment meeting, not a coaching session.'
        : 'Coaching sessions are arranged in the coaching space.',
    );
  }
  const meeting = (await unit.repos.meetings.get(meetingId)) ?? found;
  const triad = await loadTriad(unit.repos, engagement);
  const zone = resolved.person?.timeZone ?? deps.settings.defaultTimeZone;
  const actorName =
    role === 'hr'
      ? `${resolved.person?.displayName ?? 'HR'} (HR)`
      : (resolved.person?.displayName ?? 'Someone');
  return { meeting, engagement, triad, role, zone, actorName };
}

/** Who is invited: the client and sponsor, and the coach once assigned. */
export function attendeesOf(triad: Triad): Person[] {
  return [triad.client, triad.sponsor, ...(triad.coach ? [triad.coach] : [])];
}

/** Who a meeting's invite is for: the client and the coach for a session, else everyone invited (client first). */
export function inviteAttendees(meeting: Pick<Meeting, 'kind'>, triad: Triad): Person[] {
  return meeting.kind === 'session'
    ? [triad.client, ...(triad.coach ? [triad.coach] : [])]
    : attendeesOf(triad);
}

export { replyAudience };
