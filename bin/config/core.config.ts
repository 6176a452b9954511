import { z } from 'zod';
import {
  cadenceSetting,
  engagementWeeksSetting,
  promptTimeSetting,
  promptWeekdaySetting,
  retentionDaysSetting,
  timeZoneSetting,
  workingHoursSetting,
} from '../../src/engagement/organisation-settings.js';
import {
  durationHours,
  encryptionKeys,
  onOff,
  optionalSeconds,
  optionalString,
  parseEnv,
  postgresUrl,
  queueName,
  slackUserIdList,
  url,
} from './env.js';

/**
 * What a process that opens the core reads (`npm run jobs:reconcile`, `npm run jobs:status`, and the app and
 * worker on top of it): Postgres, Redis and its queues, the encryption keys and the organisation-wide defaults.
 */
export const coreConfigShape = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: optionalString.pipe(postgresUrl.optional()),
  REDIS_URL: optionalString.pipe(url(['redis:', 'rediss:'], 'redis://host:6379/0').optional()),
  TRIAD_ENCRYPTION_KEYS: encryptionKeys,
  HR_ADMINS: slackUserIdList.default([]),
  // Organisation defaults: the same schemas as HR's settings in the product (organisation-settings.ts).
  DEFAULT_TIME_ZONE: timeZoneSetting.default('Europe/London'),
  DEFAULT_CADENCE: cadenceSetting.default('weekly'),
  DEFAULT_PROMPT_WEEKDAY: promptWeekdaySetting.default(1),
  DEFAULT_PROMPT_TIME: promptTimeSetting.default('09:30'),
  DEFAULT_ENGAGEMENT_WEEKS: engagementWeeksSetting.default(12),
  NUDGE_AFTER_HOURS: durationHours(48),
  /** Whether new organisations let clients book intro ("chemistry") calls with shortlisted coaches. */
  CHEMISTRY_CALLS: onOff.default(true),
  RETENTION_DAYS: retentionDaysSetting.default(30),
  /** Demos and trials: a prompt every N seconds instead of the weekly / fortnightly calendar. */
  PROMPT_INTERVAL_SECONDS: optionalSeconds(5, 7 * 24 * 3600),
  WORKING_HOURS: workingHoursSetting.default({ startMinute: 9 * 60, endMinute: 18 * 60 }),
  /** Demos only: overrides RETENTION_DAYS. */
  RETENTION_SECONDS: optionalSeconds(1, 3650 * 24 * 3600),
  /** How often the retention purge runs; daily at 03:15 UTC when unset. */
  PURGE_EVERY_SECONDS: optionalSeconds(1, 24 * 3600),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:{}_-]{1,64}$/, 'must be letters, digits, :, {, }, _ or -, e.g. {triad}')
    .default('{triad}'),
  SCHEDULE_QUEUE_NAME: queueName('schedule'),
  DELIVERY_QUEUE_NAME: queueName('delivery'),
};

/** Two queues of one name would mix schedule and delivery jobs. */
export function refineQueues(
  env: { SCHEDULE_QUEUE_NAME: string; DELIVERY_QUEUE_NAME: string },
  ctx: z.RefinementCtx,
): void {
  if (env.SCHEDULE_QUEUE_NAME === env.DELIVERY_QUEUE_NAME) {
    ctx.addIssue({
      code: 'custom',
      path: ['DELIVERY_QUEUE_NAME'],
      message: 'must differ from SCHEDULE_QUEUE_NAME',
    });
  }
}

export const coreConfigSchema = z.object(coreConfigShape).superRefine(refineQueues);
export type CoreConfig = z.output<typeof coreConfigSchema>;

export const parseCoreConfig = (env: Record<string, string | undefined>): CoreConfig =>
  parseEnv(coreConfigSchema, env);
