import { z } from 'zod';
import type { Meeting } from '../engagement/records.js';
import { chemistryReminder } from '../messages/compose/chemistry-messages.js';
import {
  clientPreparationPrompt,
  sessionReminder,
  sponsorMeetingReminder,
} from '../messages/compose/reminder-meeting.js';
import type { OutboundMessage } from '../messages/message.js';
import { inTransaction } from '../outbox/unit.js';
import { chemistryParties } from '../use-cases/chemistry/chemistry-access.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { attendeesOf } from '../use-cases/meetings/meeting-access.js';
import { loadTriad, type Triad } from '../use-cases/shared/engagement-access.js';
import { meetingReminders, reminderLeadMs } from './planned-jobs.js';

export const sendMeetingReminderInput = z.object({
  meetingId: z.uuid(),
  reminder: z.enum(meetingReminders),
  /** The start the reminder was planned for: a job left over from before a move is not sent. */
  startsAt: z.coerce.date(),
});
export type SendMeetingReminderInput = z.input<typeof sendMeetingReminderInput>;

export type ReminderOutcome =
  | 'sent'
  | 'meeting_gone'
  | 'not_scheduled'
  | 'moved'
  | 'already_started'
  | 'engagement_inactive';

const liveStages = ['kickoff', 'coach_matching', 'alignment', 'coaching', 'closing'];

/**
 * Called by the meeting-reminder job. Sends one reminder about a scheduled meeting, composed for where it goes:
 * the sponsor thread, the client's DM (private preparation), the coaching space (sessions only), or the client's
 * and the coach's own DMs (intro calls). The outbox
 * key names the meeting, its start and the reminder, so a repeated job never sends twice and a moved meeting
 * gets fresh reminders.
 */
export async function sendMeetingReminder(
  raw: SendMeetingReminderInput,
  deps: CoreDeps,
): Promise<{ outcome: ReminderOutcome }> {
  const input = sendMeetingReminderInput.parse(raw);
  const outcome = await inTransaction(deps, async (unit): Promise<ReminderOutcome> => {
    const meeting = await unit.repos.meetings.get(input.meetingId);
    if (!meeting) return 'meeting_gone';
    if (meeting.status !== 'scheduled' || !meeting.startsAt) return 'not_scheduled';
    if (meeting.startsAt.getTime() !== input.startsAt.getTime()) return 'moved';
    if (meeting.startsAt.getTime() <= deps.clock.now().getTime()) return 'already_started';
    const engagement = await unit.repos.engagements.get(meeting.engagementId);
    if (!engagement || !liveStages.includes(engagement.stage)) return 'engagement_inactive';
    const triad = await loadTriad(unit.repos, engagement);
    const scheduled = { ...meeting, startsAt: meeting.startsAt };
    const key = `meeting:${meeting.id}:at:${meeting.startsAt.getTime()}:reminder:${input.reminder}`;
    if (meeting.kind === 'chemistry') {
      const parties = await chemistryParties(unit.repos, engagement.clientId, meeting.coachId);
      const leadHours = reminderLeadMs[input.reminder] / 3600_000;
      const [toClient, toCoach] = chemistryReminder(scheduled, parties, leadHours);
      await unit.send(toClient, `${key}:client`);
      await unit.send(toCoach, `${key}:coach`);
      return 'sent';
    }
    await unit.send(compose(scheduled, triad, input.reminder), key);
    return 'sent';
  });
  deps.logger.info({ meetingId: input.meetingId, reminder: input.reminder, outcome }, 'meeting reminder');
  return { outcome };
}

function compose(
  meeting: Meeting & { startsAt: Date },
  triad: Triad,
  reminder: SendMeetingReminderInput['reminder'],
): OutboundMessage {
  const leadHours = reminderLeadMs[reminder] / 3600_000;
  if (reminder === 'prepare-48h') return clientPreparationPrompt(meeting, triad.client);
  if (reminder === 'session-24h' || reminder === 'session-1h') {
    return sessionReminder(meeting, [triad.client, ...(triad.coach ? [triad.coach] : [])], leadHours);
  }
  const attendees = meeting.kind === 'kickoff' ? [triad.client, triad.sponsor] : attendeesOf(triad);
  return sponsorMeetingReminder(meeting, attendees, leadHours);
}
