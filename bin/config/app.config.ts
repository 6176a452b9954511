import { z } from 'zod';
import { coreConfigShape, refineQueues } from './core.config.js';
import { deliveryShape } from './delivery.config.js';
import { booleanFlag, optionalString, parseEnv, url, wholeNumber } from './env.js';
import { refineSlackDistribution } from './slack-distribution.config.js';
import { refineTeamsCloud, teamsCloudShape } from './teams-cloud.config.js';

/**
 * What the app (`npm start`) and the worker (`npm run worker`) read: the core's configuration plus
 * HTTP, the Slack and Teams adapters and the workers' limits.
 */
export const appConfigSchema = z
  .object({
    ...coreConfigShape,
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /**
     * The address people reach this app at, e.g. https://triad.example.com: Teams gets the client's export as a
     * short-lived download link on it (`/export/<token>`). Without it, Teams cannot deliver the export file.
     */
    TRIAD_PUBLIC_URL: optionalString.pipe(url(['https:', 'http:'], 'https://triad.example.com').optional()),
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
    /**
     * Distribution mode (one Triad for many workspaces): the app's client id, client secret and a secret that
     * signs the OAuth state. Together they turn on /slack/install and /slack/oauth_redirect, with a token per
     * workspace stored encrypted in Postgres; SLACK_BOT_TOKEN is then not used.
     */
    SLACK_CLIENT_ID: optionalString.pipe(
      z
        .string()
        .regex(/^\d+\.\d+$/, "must be the app's client id, like 1234567890.1234567890")
        .optional(),
    ),
    SLACK_CLIENT_SECRET: optionalString,
    SLACK_STATE_SECRET: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    TEAMS_APP_ID: optionalString.pipe(z.uuid({ message: 'must be the bot app id, a GUID' }).optional()),
    TEAMS_APP_PASSWORD: optionalString,
    TEAMS_APP_TENANT_ID: optionalString.pipe(z.uuid({ message: 'must be the tenant id, a GUID' }).optional()),
    TEAMS_APP_TYPE: z.enum(['SingleTenant', 'MultiTenant']).default('SingleTenant'),
    /**
     * The coaching firm's own Microsoft 365 tenant, where a coach named by e-mail is looked for (Graph, User.Read.All
     * granted there) when the client's tenant has no such user; they then join the client's chats as an external
     * user. Default: TEAMS_APP_TENANT_ID, the tenant the bot's app registration is in.
     */
    TEAMS_FIRM_TENANT_ID: optionalString.pipe(
      z.uuid({ message: 'must be the tenant id, a GUID' }).toLowerCase().optional(),
    ),
    /**
     * Triad's id in the tenants' Teams app catalog, when the operator knows it (an app the organisation published
     * itself gets its own). Without it Triad asks Graph per tenant (AppCatalog.Read.All), else uses TEAMS_APP_ID.
     */
    TEAMS_CATALOG_APP_ID: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9-]{1,100}$/, 'must be the catalog id of the Teams app')
        .optional(),
    ),
    /**
     * The Microsoft 365 tenants Triad always serves, comma-separated, beside TEAMS_APP_TENANT_ID; the operator
     * allows more at runtime (`npm run tenants -- allow <tenant-id>`). Teams activities from any other tenant are
     * refused (403, and a word to the person where Teams lets Triad answer).
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
    ...teamsCloudShape,
    /**
     * Who a person in a tenant this Triad does not serve should have their administrator contact (an e-mail
     * address, a web page or a team's name); said in the refusal. Without it they are told to ask whoever
     * provided the Triad app.
     */
    TRIAD_OPERATOR_CONTACT: optionalString.pipe(
      z
        .string()
        .max(200, 'must be at most 200 characters')
        .regex(/^[^<>\n\r`*|[\]]+$/, 'must be plain text: an e-mail address, a web address or a name')
        .optional(),
    ),
    RUN_WORKERS_IN_APP: booleanFlag.default(true),
    /**
     * With DELIVERY_MODE=jobs: messages sent per second across all worker processes (BullMQ's global limiter);
     * 0 turns the cap off. Batch delivery paces per conversation and tenant instead.
     */
    DELIVERY_RATE_PER_SECOND: wholeNumber(0, 100_000, 30),
    /** With DELIVERY_MODE=jobs: deliveries each worker process runs at once. */
    DELIVERY_CONCURRENCY: wholeNumber(1, 1_000, 8),
    /** Scheduled jobs (prompts, nudges, reminders) each worker process runs at once. */
    SCHEDULE_CONCURRENCY: wholeNumber(1, 1_000, 4),
    /** Due engagements per part of the minute's prompt tick: the parts spread over every worker process. */
    PROMPT_PART_SIZE: wholeNumber(1, 100_000, 250),
    ...deliveryShape,
    OPS_TOKEN: optionalString.pipe(z.string().min(24, 'must be at least 24 characters').optional()),
  })
  .superRefine((env, ctx) => {
    refineQueues(env, ctx);
    refineTeamsCloud(env, ctx);
    refineSlackDistribution(env, ctx);
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
    if (env.TEAMS_APP_ID && env.TEAMS_APP_TYPE === 'SingleTenant' && !env.TEAMS_APP_TENANT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEAMS_APP_TENANT_ID'],
        message: 'is required for a SingleTenant Teams app',
      });
    }
  });

export type AppConfig = z.output<typeof appConfigSchema>;

/** Whether Slack runs in distribution mode (OAuth installs, a token per workspace). */
export const slackDistributed = (config: AppConfig): boolean => config.SLACK_CLIENT_ID !== undefined;

export const parseAppConfig = (env: Record<string, string | undefined>): AppConfig =>
  parseEnv(appConfigSchema, env);
