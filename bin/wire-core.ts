import { createAesGcmCipher } from '../adapters/crypto/aes-gcm.cipher.js';
import { createDatabase, type TriadDatabase } from '../db/client.js';
import { createUnitOfWork } from '../db/unit-of-work.js';
import { BullMqScheduler } from '../jobs/bullmq-scheduler.js';
import { openQueues, type TriadQueues } from '../jobs/queues.js';
import { systemClock } from '../src/ports/clock.js';
import { uuidIds } from '../src/ports/ids.js';
import type { Logger } from '../src/ports/logger.js';
import { type PlanningRules, planningRules } from '../src/scheduling/plan-engagement.js';
import type { CoreDeps, CoreSettings } from '../src/use-cases/deps.js';
import type { CoreConfig } from './config/core.config.js';

const orNull = (seconds: number | undefined): number | null =>
  seconds === undefined ? null : seconds * 1000;

/** Organisation-wide defaults and limits, from configuration. */
export function coreSettings(config: CoreConfig): CoreSettings {
  return {
    hrAdmins: config.HR_ADMINS,
    defaultTimeZone: config.DEFAULT_TIME_ZONE,
    defaultCadence: config.DEFAULT_CADENCE,
    defaultWeeks: config.DEFAULT_ENGAGEMENT_WEEKS,
    defaultPromptWeekday: config.DEFAULT_PROMPT_WEEKDAY,
    defaultPromptTime: config.DEFAULT_PROMPT_TIME,
    nudgeAfterHours: config.NUDGE_AFTER_HOURS,
    retentionDays: config.RETENTION_DAYS,
    chemistryCalls: config.CHEMISTRY_CALLS,
    promptIntervalMs: orNull(config.PROMPT_INTERVAL_SECONDS),
    workingHours: config.WORKING_HOURS,
    retentionMs: orNull(config.RETENTION_SECONDS),
    purgeEveryMs: orNull(config.PURGE_EVERY_SECONDS),
  };
}

export interface CoreRuntime {
  core: CoreDeps;
  /** The drizzle database, for adapter-owned tables (Slack installations). */
  db: TriadDatabase;
  queues: TriadQueues;
  /** How the scheduler plans jobs (the core's prompt interval, working hours, purge cadence). */
  rules: PlanningRules;
  /** Pings Postgres and Redis (readiness). */
  checks: Record<string, () => Promise<void>>;
  close(): Promise<void>;
}

/** Postgres (source of truth), Redis queues (derived state) and the core's dependencies on them. */
export function openCore(
  config: CoreConfig & { DELIVERY_MODE?: 'batch' | 'jobs' },
  logger: Logger,
): CoreRuntime {
  if (!config.DATABASE_URL || !config.REDIS_URL) {
    throw new Error(
      'The app needs DATABASE_URL and REDIS_URL (run `npm run demo` for a local run without them).',
    );
  }
  const database = createDatabase(config.DATABASE_URL, { logger: logger.child({ component: 'db' }) });
  const queues = openQueues({
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    names: { schedule: config.SCHEDULE_QUEUE_NAME, delivery: config.DELIVERY_QUEUE_NAME },
  });
  const uow = createUnitOfWork(database.db, { logger });
  const settings = coreSettings(config);
  const rules = planningRules(settings);
  const scheduler = new BullMqScheduler(
    queues,
    { uow, clock: systemClock, logger, rules },
    { deliverInBatches: config.DELIVERY_MODE === 'batch' },
  );
  const core: CoreDeps = {
    uow,
    cipher: createAesGcmCipher(config.TRIAD_ENCRYPTION_KEYS),
    clock: systemClock,
    ids: uuidIds,
    logger,
    scheduler,
    settings,
  };
  return {
    core,
    db: database.db,
    queues,
    rules,
    checks: {
      postgres: async () => {
        await database.sql`select 1`;
      },
      redis: async () => {
        await queues.redis.ping();
      },
    },
    close: async () => {
      await queues.close();
      await database.close();
    },
  };
}

/** `openCore` for an entry point: a configuration it cannot run with is printed, and the process exits 1. */
export function openCoreOrExit(
  config: CoreConfig & { DELIVERY_MODE?: 'batch' | 'jobs' },
  logger: Logger,
): CoreRuntime {
  try {
    return openCore(config, logger);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

/** An error's name and code for a command's output, never its message (a failed query's lists its parameters). */
export function nameAndCode(error: unknown): string {
  const { name, code } = error as { name?: string; code?: unknown };
  return [name ?? 'Error', typeof code === 'string' ? code : undefined].filter(Boolean).join(' ');
}
