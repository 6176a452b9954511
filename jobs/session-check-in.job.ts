import { z } from 'zod';
import { issueSessionCheckIn } from '../src/use-cases/sessions/session-follow-up.js';
import { defineJob } from './job-definition.js';

/** The client's check-in question before a coaching session; the core asks at most once per session. */
export const sessionCheckInJob = defineJob({
  name: 'session-check-in',
  queue: 'schedule',
  schema: z.object({ engagementId: z.uuid(), meetingId: z.uuid(), startsAt: z.iso.datetime() }),
  async handle(data, { deps }) {
    return (await issueSessionCheckIn(data, deps)).outcome;
  },
});
