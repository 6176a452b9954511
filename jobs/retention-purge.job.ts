import { z } from 'zod';
import { purgeExpiredEngagements } from '../src/use-cases/retention/purge-expired-engagements.js';
import { purgeProcessedRequests } from '../src/use-cases/retention/purge-processed-requests.js';
import { defineJob } from './job-definition.js';

/**
 * Daily: deletes the private content of engagements closed longer ago than their retention period, then the
 * handled-request keys older than a week (retries never come that late).
 */
export const retentionPurgeJob = defineJob({
  name: 'retention-purge',
  queue: 'schedule',
  schema: z.object({}).loose(),
  async handle(_data, { deps }) {
    const { purged, failed } = await purgeExpiredEngagements({}, deps);
    const requestKeys = await purgeProcessedRequests({}, deps);
    return { purged: purged.length, failed: failed.length, requestKeysDeleted: requestKeys.deleted };
  },
});
