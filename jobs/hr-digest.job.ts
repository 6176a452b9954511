import { z } from 'zod';
import { sendHrDigests } from '../src/use-cases/hr/send-hr-digests.js';
import { defineJob } from './job-definition.js';

/** Hourly: HR's weekly digest DM, to each HR person whose chosen weekday has come (once per person per week). */
export const hrDigestJob = defineJob({
  name: 'hr-digest',
  queue: 'schedule',
  schema: z.object({}).loose(),
  handle: (_data, { deps }) => sendHrDigests(deps),
});
