import type { Meeting } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import type { Repositories } from '../../ports/repositories.js';
import type { ResolvedActor } from '../actor.js';
import { requireClient } from '../client/client-access.js';
import { lockEngagement } from '../shared/engagement-access.js';

export const maxPreparationLength = 3000;
const preparable: readonly Meeting['kind'][] = ['alignment', 'midpoint', 'closing'];

/** The alignment meeting to prepare and its locked engagement; only the client prepares, only for open meetings. */
export async function meetingToPrepare(repos: Repositories, resolved: ResolvedActor, meetingId: string) {
  const meeting = await repos.meetings.get(meetingId);
  if (!meeting || !preparable.includes(meeting.kind)) {
    throw new TriadError('not_found', 'I can’t find that meeting.', 'Open it again from your DM.');
  }
  const engagement = await lockEngagement(repos, meeting.engagementId);
  requireClient(engagement, resolved, 'prepare_for_meeting');
  if (meeting.status === 'cancelled' || meeting.status === 'held') {
    throw new TriadError('illegal_transition', `That meeting was already ${meeting.status}.`);
  }
  return { meeting, engagement };
}
