import { DateTime } from 'luxon';
import type { Engagement } from '../../../src/engagement/records.js';
import type { JobRuntime } from './job-runtime.js';

/** A minute `days` ahead, on the minute (never before the engagements' start week): what a tick is run for. */
export function aheadMinute(days: number): Date {
  const at = new Date(Date.now() + days * 24 * 3600_000);
  at.setUTCSeconds(0, 0);
  return at;
}

/** Moves the engagement's prompt slot to `at` (its weekday and minute in the client's zone). */
export async function slotAt(runtime: JobRuntime, engagement: Engagement, at: Date): Promise<Engagement> {
  const local = DateTime.fromJSDate(at, { zone: engagement.timeZone });
  const next = {
    ...engagement,
    promptWeekday: local.weekday % 7,
    promptTime: local.toFormat('HH:mm'),
    version: engagement.version + 1,
  };
  await runtime.deps.uow.transaction((repos) => repos.engagements.update(next));
  return next;
}
