import { BullMqScheduler } from '../../jobs/bullmq-scheduler.js';
import type { JobDeps } from '../../jobs/job-definition.js';
import { openQueues } from '../../jobs/queues.js';
import { defaultWorkerSettings, startWorkers } from '../../jobs/workers.js';
import type { Cipher } from '../../src/ports/cipher.js';
import type { Clock } from '../../src/ports/clock.js';
import type { IdGenerator } from '../../src/ports/ids.js';
import type { Logger } from '../../src/ports/logger.js';
import type { Messenger } from '../../src/ports/messenger.js';
import type { UnitOfWork } from '../../src/ports/repositories.js';
import type { Scheduler } from '../../src/ports/scheduler.js';
import {
  defaultPlanningRules,
  type PlanningRules,
  planningRules,
} from '../../src/scheduling/plan-engagement.js';
import type { CoreSettings } from '../../src/use-cases/deps.js';

/**
 * The demo's short cadences, all from configuration (real time, no fake clock): a "week" of prompts every ten
 * seconds (so the mid-point, a minute after alignment, comes about six weeks in), a nudge seconds after an
 * unanswered prompt, retention of seconds after closing.
 */
export interface DemoTiming {
  promptEveryMs: number;
  nudgeAfterMs: number;
  retentionMs: number;
  /** How long the story waits for something that should happen (a delivery, a scheduled job). */
  waitMs: number;
}

export const demoTiming: DemoTiming = {
  promptEveryMs: 10_000,
  nudgeAfterMs: 4_000,
  retentionMs: 8_000,
  waitMs: 45_000,
};

/**
 * The base of the demo's planning rules (the prompt interval, working hours and purge cadence come from the
 * core settings through `planningRules`). Demo meetings are set a minute ahead, so a reminder meant for an hour
 * before has already passed when it is planned: production drops reminders more than 15 minutes late, the demo
 * sends them up to two hours late (at once), which shows the sponsor's one-hour reminder.
 */
export const demoPlanningRules: PlanningRules = { ...defaultPlanningRules, graceMs: 2 * 3600_000 };

export interface RuntimeDeps {
  uow: UnitOfWork;
  cipher: Cipher;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  redisUrl: string;
  queuePrefix: string;
  messenger: Messenger;
  settings: CoreSettings;
  timing: DemoTiming;
}

export interface DemoRuntime {
  readonly scheduler: Scheduler;
  close(): Promise<void>;
}

/**
 * Real BullMQ on the demo's Redis: the core's Scheduler port, and the same workers production runs (delivery
 * to the local platform, prompts, nudges, reminders, retention), in this process.
 */
export async function startDemoRuntime(deps: RuntimeDeps): Promise<DemoRuntime> {
  const queues = openQueues({ redisUrl: deps.redisUrl, prefix: deps.queuePrefix, clock: deps.clock });
  try {
    const rules = planningRules(deps.settings, demoPlanningRules);
    const schedulerDeps = { uow: deps.uow, clock: deps.clock, logger: deps.logger, rules };
    const workerSettings = { watchdogMs: 0, rules };
    // The workers deliver the outbox in batches (the default): the scheduler queues no job per message.
    const batches = defaultWorkerSettings.batch !== null;
    const scheduler = new BullMqScheduler(queues, schedulerDeps, { deliverInBatches: batches });
    const jobDeps: JobDeps = {
      uow: deps.uow,
      cipher: deps.cipher,
      clock: deps.clock,
      ids: deps.ids,
      logger: deps.logger,
      settings: deps.settings,
      scheduler,
      messengers: { local: deps.messenger },
    };
    const workers = await startWorkers(jobDeps, queues, workerSettings);
    return {
      scheduler,
      close: async () => {
        await workers.close();
        await queues.close();
      },
    };
  } catch (error) {
    await queues.close();
    throw error;
  }
}
