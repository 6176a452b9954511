import { z } from 'zod';
import { remindToSchedule } from '../src/scheduling/remind-to-schedule.js';
import { defineJob } from './job-definition.js';

/** At half-time / near the end: remind the triad to schedule the mid-point or closing meeting if still open. */
export const scheduleReminderJob = defineJob({
  name: 'schedule-reminder',
  queue: 'schedule',
  schema: z.object({ engagementId: z.uuid(), meetingId: z.uuid() }),
  async handle(data, { deps }) {
    return (await remindToSchedule({ meetingId: data.meetingId }, deps)).outcome;
  },
});
