import { z } from 'zod';
import { beginClosingWeek } from '../src/use-cases/meetings/closing-week.js';
import { defineJob } from './job-definition.js';

/**
 * When the closing meeting's week begins: the engagement enters its closing stage, prompt or no prompt. The core
 * re-checks the database, so a job left over from a moved or cancelled meeting changes nothing.
 */
export const closingWeekJob = defineJob({
  name: 'closing-week',
  queue: 'schedule',
  schema: z.object({ engagementId: z.uuid(), meetingId: z.uuid(), startsAt: z.iso.datetime() }),
  async handle(data, { deps }) {
    return (await beginClosingWeek({ engagementId: data.engagementId }, deps)).outcome;
  },
});
