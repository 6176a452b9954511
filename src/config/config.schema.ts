import { z } from 'zod';
import type { WorkingHours } from '../prompts/prompt-schedule.js';

/**
 * The whole configuration of a Triad process, parsed once at boot from an environment-like record.
 * Secrets are marked so that error messages name the variable and the expected shape, never the value.
 */

const SECRET_KEYS = new Set([
  'DATABASE_URL',
  'REDIS_URL',
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'TEAMS_APP_PASSWORD',
  'TRIAD_ENCRYPTION_KEYS',
  'OPS_TOKEN',
]);

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const url = (protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `must be a URL like ${example}`);

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const ianaZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone like Europe/London');

/** `k1:base64key,k2:base64key` — the first key encrypts, all keys decrypt (rotation). */
const encryptionKeys = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const keys: { id: string; key: Buffer }[] = [];
    for (const entry of value.split(',')) {
      const [id, material] = entry.split(':');
      const key = material ? Buffer.from(material, 'base64') : Buffer.alloc(0);
      if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32) {
        ctx.addIssue({
          code: 'custom',
          message:
            'must be a comma-separated list of keyId:base64key, each key 32 bytes (generate one with `openssl rand -base64 32`)',
        });
        return z.NEVER;
      }
      keys.push({ id, key });
    }
    if (new Set(keys.map((k) => k.id)).size !== keys.length) {
      ctx.addIssue({ code: 'custom', message: 'key ids must be unique' });
      return z.NEVER;
    }
    return keys;
  });

const slackUserIdList = z
  .string()
  .trim()
  .transform((value) =>
    value
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
  )
  .refine((ids) => ids.every((id) => /^[A-Za-z0-9:_-]{2,64}$/.test(id)), {
    message: 'must be a comma-separated list of platform user ids, e.g. U012ABCDEF,29:1a2b…',
  });

const durationHours = (fallback: number) =>
  z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(fallback);

/** An optional whole number of seconds in [min, max]; empty means unset. */
const optionalSeconds = (min: number, max: number) =>
  optionalString.pipe(
    z.coerce
      .number<string>({ message: `must be a whole number of seconds from ${min} to ${max}` })
      .int(`must be a whole number of seconds from ${min} to ${max}`)
      .min(min, `must be a whole number of seconds from ${min} to ${max}`)
      .max(max, `must be a whole number of seconds from ${min} to ${max}`)
      .optional(),
  );

/** `09:00-18:00` (Monday to Friday, in each client's zone) or `always` (demos). */
const workingHours = z
  .string()
  .trim()
  .transform((value, ctx): WorkingHours | 'always' => {
    if (value === 'always') return 'always';
    const match = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$/.exec(value);
    const minutes = (h?: string, m?: string) => Number(h) * 60 + Number(m);
    const startMinute = minutes(match?.[1], match?.[2]);
    const endMinute = minutes(match?.[3], match?.[4]);
    if (!match || endMinute <= startMinute || endMinute > 24 * 60) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a range of 24-hour times like 09:00-18:00 (start before end), or always',
      });
      return z.NEVER;
    }
    return { startMinute, endMinute };
  });

const queueName = (fallback: string) =>
  z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be letters, digits, _ or - (no colons), e.g. schedule')
    .default(fallback);

/** A whole number in [min, max], `fallback` when unset or empty. */
const wholeNumber = (min: number, max: number, fallback: number) =>
  optionalString.pipe(
    z.coerce
      .number<string>({ message: `must be a whole number from ${min} to ${max}` })
      .int(`must be a whole number from ${min} to ${max}`)
      .min(min, `must be a whole number from ${min} to ${max}`)
      .max(max, `must be a whole number from ${min} to ${max}`)
      .default(fallback),
  );

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATABASE_URL: optionalString.pipe(
      url(['postgres:', 'postgresql:'], 'postgres://user:password@host:5432/triad').optional(),
    ),
    REDIS_URL: optionalString.pipe(url(['redis:', 'rediss:'], 'redis://host:6379/0').optional()),
    TRIAD_ENCRYPTION_KEYS: encryptionKeys,
    /**
     * The address people reach this app at, e.g. https://triad.example.com: Teams gets the client's export as a
     * short-lived download link on it (`/export/<token>`). Without it, Teams cannot deliver the export file.
     */
    TRIAD_PUBLIC_URL: optionalString.pipe(url(['https:', 'http:'], 'https://triad.example.com').optional()),
    HR_ADMINS: slackUserIdList.default([]),
    DEFAULT_TIME_ZONE: ianaZone.default('Europe/London'),
    DEFAULT_CADENCE: z.enum(['weekly', 'fortnightly']).default('weekly'),
    DEFAULT_PROMPT_WEEKDAY: z.coerce.number().int().min(1).max(5).default(1),
    DEFAULT_PROMPT_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time like 09:30')
      .default('09:30'),
    DEFAULT_ENGAGEMENT_WEEKS: z.coerce.number().int().min(4).max(52).default(12),
    NUDGE_AFTER_HOURS: durationHours(48),
    RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /** Demos and trials: a prompt every N seconds instead of the weekly / fortnightly calendar. */
    PROMPT_INTERVAL_SECONDS: optionalSeconds(5, 7 * 24 * 3600),
    WORKING_HOURS: workingHours.default({ startMinute: 9 * 60, endMinute: 18 * 60 }),
    /** Demos only: overrides RETENTION_DAYS. */
    RETENTION_SECONDS: optionalSeconds(1, 3650 * 24 * 3600),
    /** How often the retention purge runs; daily at 03:15 UTC when unset. */
    PURGE_EVERY_SECONDS: optionalSeconds(1, 24 * 3600),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_BOT_TOKEN: optionalString.pipe(
      z
        .string()
        .regex(/^xoxb-/, 'must be a bot token starting with xoxb-')
        .optional(),
    ),
    SLACK_APP_TOKEN: optionalString.pipe(
      z
        .string()
        .regex(/^xapp-/, 'must be an app-level token starting with xapp-')
        .optional(),
    ),
    SLACK_API_URL: optionalString.pipe(url(['http:', 'https:'], 'https://slack.com/api/').optional()),
    TEAMS_APP_ID: optionalString.pipe(z.uuid({ message: 'must be the bot app id, a GUID' }).optional()),
    TEAMS_APP_PASSWORD: optionalString,
    TEAMS_APP_TENANT_ID: optionalString.pipe(z.uuid({ message: 'must be the tenant id, a GUID' }).optional()),
    TEAMS_APP_TYPE: z.enum(['SingleTenant', 'MultiTenant']).default('SingleTenant'),
    /**
     * The Microsoft 365 tenants Triad serves, comma-separated; Teams activities from any other tenant are refused.
     * Defaults to TEAMS_APP_TENANT_ID; required for a MultiTenant app.
     */
    TEAMS_TENANT_IDS: z
      .string()
      .trim()
      .transform((value) =>
        value
          .split(',')
          .map((id) => id.trim().toLowerCase())
          .filter((id) => id !== ''),
      )
      .refine((ids) => ids.every((id) => z.uuid().safeParse(id).success), {
        message: 'must be a comma-separated list of tenant ids (GUIDs)',
      })
      .default([]),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9:{}_-]{1,64}$/, 'must be letters, digits, :, {, }, _ or -, e.g. {triad}')
      .default('{triad}'),
    SCHEDULE_QUEUE_NAME: queueName('schedule'),
    DELIVERY_QUEUE_NAME: queueName('delivery'),
    RUN_WORKERS_IN_APP: booleanFlag.default(true),
    /**
     * Messages sent per second across all worker processes (BullMQ's global limiter); 0 turns the cap off.
     * Each conversation is paced to about one message a second regardless, and a 429 is waited out as asked.
     */
    DELIVERY_RATE_PER_SECOND: wholeNumber(0, 100_000, 30),
    /** Deliveries each worker process runs at once. */
    DELIVERY_CONCURRENCY: wholeNumber(1, 1_000, 8),
    /** Scheduled jobs (prompts, nudges, reminders) each worker process runs at once. */
    SCHEDULE_CONCURRENCY: wholeNumber(1, 1_000, 4),
    OPS_TOKEN: optionalString.pipe(z.string().min(24, 'must be at least 24 characters').optional()),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is required with SLACK_BOT_TOKEN for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
      });
    }
    if (env.TEAMS_APP_ID && !env.TEAMS_APP_PASSWORD) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEAMS_APP_PASSWORD'],
        message: 'is required with TEAMS_APP_ID',
      });
    }
    if (env.SCHEDULE_QUEUE_NAME === env.DELIVERY_QUEUE_NAME) {
      ctx.addIssue({
        code: 'custom',
        path: ['DELIVERY_QUEUE_NAME'],
        message: 'must differ from SCHEDULE_QUEUE_NAME',
      });
    }
    if (env.TEAMS_APP_ID && env.TEAMS_APP_TYPE === 'SingleTenant' && !env.TEAMS_APP_TENANT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEAMS_APP_TENANT_ID'],
        message: 'is required for a SingleTenant Teams app',
      });
    }
    if (env.TEAMS_APP_ID && !env.TEAMS_APP_TENANT_ID && env.TEAMS_TENANT_IDS.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEAMS_TENANT_IDS'],
        message: 'is required for a MultiTenant Teams app: name the tenants Triad serves',
      });
    }
  });

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  readonly code = 'config_invalid';
  constructor(readonly problems: string[]) {
    super(`Triad cannot start: the configuration is invalid.\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once. Throws a ConfigError naming every bad variable; never echoes a value. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? 'environment');
    const missing = issue.code === 'invalid_type' && env[variable] === undefined;
    const what = missing ? 'is missing' : issue.message;
    return `${variable} ${what}${SECRET_KEYS.has(variable) ? ' (secret; value not shown)' : ''}`;
  });
  throw new ConfigError(problems);
}
