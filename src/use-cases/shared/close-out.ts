import { addDays } from '../../engagement/meeting-time.js';
import type { Engagement, Meeting, Organisation, Person } from '../../engagement/records.js';
import { chemistryCancelled } from '../../messages/compose/chemistry-messages.js';
import { meetingEndedWithEngagement } from '../../messages/compose/ended-meetings.js';
import type { Unit } from '../../outbox/unit.js';
import type { CoreDeps, CoreSettings } from '../deps.js';
import { inviteAttendees } from '../meetings/meeting-access.js';
import type { Triad } from './engagement-access.js';
import { updateEngagement, updateMeeting } from './engagement-update.js';

/**
 * Ends an engagement as closed or cancelled: records when, sets the date its private content is purged
 * (closedAt + the organisation's retention days, or the configured retention override), cancels every meeting,
 * session and intro call not yet held, and asks the scheduler to stop its prompts and reminders. A meeting or
 * session that was scheduled had an invite: its cancellation goes where the invite went, so calendars drop the
 * event (an intro call's two people get theirs in their own DMs).
 */
export async function closeOut(
  unit: Unit,
  deps: CoreDeps,
  engagement: Engagement,
  triad: Triad,
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
      purgeAfter: purgeAfterFor(now, triad.organisation, deps.settings),
    },
    now,
  );
  let cancelledMeetings = 0;
  for (const meeting of await unit.repos.meetings.listByEngagement(engagement.id)) {
    if (meeting.status !== 'unscheduled' && meeting.status !== 'scheduled') continue;
    const cancelled = await updateMeeting(unit.repos, meeting, { status: 'cancelled' }, now);
    // An intro call is not HR's to count; its two people get the calendar cancellation instead.
    if (meeting.kind === 'chemistry') {
      await tellChemistryCallEnded(unit, triad.client, cancelled);
      continue;
    }
    cancelledMeetings += 1;
    if (meeting.status !== 'scheduled') continue;
    await unit.send(
      meetingEndedWithEngagement(cancelled, inviteAttendees(cancelled, triad)),
      `meeting:${cancelled.id}:v${cancelled.version}:cancelled`,
    );
  }
  unit.touch(engagement.id);
  return { engagement: closed, cancelledMeetings };
}

/** Tells the client and the coach of an intro call cancelled by the engagement's end (their own DMs). */
async function tellChemistryCallEnded(unit: Unit, client: Person, meeting: Meeting): Promise<void> {
  const coach = meeting.coachId ? await unit.repos.people.get(meeting.coachId) : undefined;
  if (!coach) return;
  const messages = chemistryCancelled(meeting, { client, coach }, { ended: true });
  for (const [i, message] of messages.entries()) {
    await unit.send(message, `meeting:${meeting.id}:v${meeting.version}:cancelled:${i}`);
  }
}

/** When private content closed at `closedAt` is purged: the retention override (demos) or the organisation's days. */
export function purgeAfterFor(
  closedAt: Date,
  organisation: Pick<Organisation, 'retentionDays'>,
  settings: Pick<CoreSettings, 'retentionMs'>,
): Date {
  if (settings.retentionMs !== null && settings.retentionMs > 0) {
    return new Date(closedAt.getTime() + settings.retentionMs);
  }
  return addDays(closedAt, organisation.retentionDays);
}
