import { z } from 'zod';
import { meetingReminders } from '../src/scheduling/planned-jobs.js';
import { sendMeetingReminder } from '../src/scheduling/send-meeting-reminder.js';
import { defineJob } from './job-definition.js';

/** A reminder before a meeting (sponsor thread, client preparation, or a session in the coaching space). */
export const meetingReminderJob = defineJob({
  name: 'meeting-reminder',
  queue: 'schedule',
  schema: z.object({
    engagementId: z.uuid(),
    meetingId: z.uuid(),
    reminder: z.enum(meetingReminders),
    startsAt: z.iso.datetime(),
  }),
  async handle(data, { deps }) {
    return (await sendMeetingReminder(data, deps)).outcome;
  },
});
