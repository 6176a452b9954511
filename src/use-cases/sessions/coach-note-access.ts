import type { Meeting } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import type { Repositories } from '../../ports/repositories.js';
import type { ResolvedActor } from '../actor.js';
import { lockEngagement, requireRole } from '../shared/engagement-access.js';

export const maxCoachNoteLength = 3000;

/**
 * A held session of the engagement the actor coaches now, with its locked engagement and the coach. Anyone
 * else is refused by the permission table (the client and the sponsor in words; a stranger or a former coach
 * learns nothing). A session held before this coach took over belongs to the coach who held it.
 */
export async function sessionForNotes(repos: Repositories, resolved: ResolvedActor, meetingId: string) {
  const meeting = await repos.meetings.get(meetingId);
  if (meeting?.kind !== 'session') {
    throw new TriadError(
      'not_found',
      'I can’t find that coaching session.',
      'Open it again from the coaching space.',
    );
  }
  const engagement = await lockEngagement(repos, meeting.engagementId);
  requireRole(engagement, resolved, 'keep_session_notes');
  const coachId = engagement.coachId as string;
  if (meeting.status !== 'held') {
    throw new TriadError(
      'illegal_transition',
      'Notes are kept after a session.',
      'Mark the session as held once it has taken place, then add your notes.',
    );
  }
  const space = await repos.spaces.find(engagement.id, 'coaching');
  if (heldBeforeCoach(meeting, space?.coachId === coachId ? space.createdAt : undefined)) {
    throw new TriadError(
      'not_authorised',
      'That session was held before you became the coach.',
      'You can keep notes on the sessions you hold.',
    );
  }
  return { meeting, engagement, coachId };
}

const heldBeforeCoach = (meeting: Meeting, coachSince: Date | undefined) =>
  coachSince !== undefined && meeting.heldAt !== null && meeting.heldAt <= coachSince;
