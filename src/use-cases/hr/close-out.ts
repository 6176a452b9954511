import { addDays } from '../../engagement/meeting-time.js';
import type { Engagement, Organisation } from '../../engagement/records.js';
import type { Unit } from '../../outbox/unit.js';
import type { CoreDeps } from '../deps.js';
import { updateEngagement, updateMeeting } from './engagement-update.js';

/**
 * Ends an engagement as closed or cancelled: records when, sets the date its private content is purged
 * (closedAt + the organisation's retention days), cancels every meeting and session not yet held, and asks the
 * scheduler to stop its prompts and reminders.
 */
export async function closeOut(
  unit: Unit,
  deps: CoreDeps,
  engagement: Engagement,
  organisation: Organisation,
  stage: 'closed' | 'cancelled',
): Promise<{ engagement: Engagement; cancelledMeetings: number }> {
  const now = deps.clock.now();
  const closed = await updateEngagement(
    unit.repos,
    engagement,
    {
      stage,
      pausedStage: null,
      pausedAt: null,
      closedAt: now,
      purgeAfter: addDays(now, organisation.retentionDays),
    },
    now,
  );
  let cancelledMeetings = 0;
  for (const meeting of await unit.repos.meetings.listByEngagement(engagement.id)) {
    if (meeting.status !== 'unscheduled' && meeting.status !== 'scheduled') continue;
    await updateMeeting(unit.repos, meeting, { status: 'cancelled' }, now);
    cancelledMeetings += 1;
  }
  unit.touch(engagement.id);
  return { engagement: closed, cancelledMeetings };
}
