import { z } from 'zod';
import { scheduleMeetingReminder } from '../messages/compose/reminder-schedule.js';
import { inTransaction } from '../outbox/unit.js';
import type { CoreDeps } from '../use-cases/deps.js';

export const remindToScheduleInput = z.object({ meetingId: z.uuid() });
export type RemindToScheduleInput = z.input<typeof remindToScheduleInput>;

export type ScheduleReminderOutcome = 'sent' | 'meeting_gone' | 'already_scheduled' | 'engagement_inactive';

const remindingStages = ['alignment', 'coaching', 'closing'];

/**
 * Called at half-time (mid-point) and two weeks before the end (closing): if that meeting is still unscheduled,
 * the sponsor space is reminded to schedule it, naming the sponsor so they are notified, once (the outbox key is the meeting's).
 */
export async function remindToSchedule(
  raw: RemindToScheduleInput,
  deps: CoreDeps,
): Promise<{ outcome: ScheduleReminderOutcome }> {
  const input = remindToScheduleInput.parse(raw);
  const outcome = await inTransaction(deps, async (unit): Promise<ScheduleReminderOutcome> => {
    const meeting = await unit.repos.meetings.get(input.meetingId);
    if (!meeting) return 'meeting_gone';
    if (meeting.status !== 'unscheduled') return 'already_scheduled';
    const engagement = await unit.repos.engagements.get(meeting.engagementId);
    if (!engagement || !remindingStages.includes(engagement.stage)) return 'engagement_inactive';
    if (meeting.kind === 'midpoint' && engagement.stage === 'closing') return 'engagement_inactive';
    const client = await unit.repos.people.get(engagement.clientId);
    const sponsor = await unit.repos.people.get(engagement.sponsorId);
    await unit.send(
      scheduleMeetingReminder(meeting, client?.displayName ?? 'The client', sponsor ?? undefined),
      `meeting:${meeting.id}:schedule-reminder`,
    );
    return 'sent';
  });
  deps.logger.info({ meetingId: input.meetingId, outcome }, 'schedule reminder');
  return { outcome };
}
