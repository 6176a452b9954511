import { addDays } from '../../engagement/meeting-time.js';
import type { Engagement, Meeting, Organisation } from '../../engagement/records.js';
import { chemistryCancelled } from '../../messages/compose/chemistry-messages.js';
import type { Unit } from '../../outbox/unit.js';
import type { CoreDeps, CoreSettings } from '../deps.js';
import { updateEngagement, updateMeeting } from './engagement-update.js';

/**
 * Ends an engagement as closed or cancelled: records when, sets the date its private content is purged
 * (closedAt + the organisation's retention days, or the configured retention override), cancels every meeting,
 * session and intro call not yet held (an intro call's two people get the calendar cancellation), and asks
 * the scheduler to stop its prompts and reminders.
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
      purgeAfter: purgeAfterFor(now, organisation, deps.settings),
    },
    now,
  );
  let cancelledMeetings = 0;
  for (const meeting of await unit.repos.meetings.listByEngagement(engagement.id)) {
    if (meeting.status !== 'unscheduled' && meeting.status !== 'scheduled') continue;
    const cancelled = await updateMeeting(unit.repos, meeting, { status: 'cancelled' }, now);
    // An intro call is not HR's to count; its two people get the calendar cancellation instead.
    if (meeting.kind === 'chemistry') await tellChemistryCallEnded(unit, engagement, cancelled);
    else cancelledMeetings += 1;
  }
  unit.touch(engagement.id);
  return { engagement: closed, cancelledMeetings };
}

/** Tells the client and the coach of an intro call cancelled by the engagement's end (their own DMs). */
async function tellChemistryCallEnded(unit: Unit, engagement: Engagement, meeting: Meeting): Promise<void> {
  const people = await unit.repos.people.getMany([
    engagement.clientId,
    ...(meeting.coachId ? [meeting.coachId] : []),
  ]);
  const client = people.find((p) => p.id === engagement.clientId);
  const coach = people.find((p) => p.id === meeting.coachId);
  if (!client || !coach) return;
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
