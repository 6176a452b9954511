import { DelayedError, type Job, RateLimitError, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { type PlanningRules, planningRules } from '../src/scheduling/plan-engagement.js';
import { globalSchedules } from '../src/scheduling/planned-jobs.js';
import type { SchedulerDeps } from './bullmq-scheduler.js';
import { type BatchSettings, defaultBatchSettings, startDeliveryLoop } from './delivery-loop.js';
import type { JobDeps } from './job-definition.js';
import type { QueueRole, TriadQueues } from './queues.js';
import { reconcile } from './reconcile.js';
import { buildRegistry, type JobRegistry } from './registry.js';

export interface WorkerSettings {
  /** Which queues this process works (both by default). */
  roles?: readonly QueueRole[];
  deliveryConcurrency?: number;
  scheduleConcurrency?: number;
  /** Global cap on deliveries across all workers (BullMQ limiter), e.g. 30 per second; null: no cap. */
  deliveryLimit?: { max: number; duration: number } | null;
  /** How long a job's lock lasts before another worker may take it over (stalled after a crash). */
  lockDuration?: number;
  stalledInterval?: number;
  /** Reconcile schedules with the database on start (default true). */
  reconcileOnStart?: boolean;
  /** How often to check that Redis still holds the schedules, reconciling if not (0 turns it off). */
  watchdogMs?: number;
  /** How reconciliation plans; by default `planningRules(deps.settings)` (the same as the app's scheduler). */
  rules?: PlanningRules;
  /**
   * Deliver the outbox in batches claimed from the table (paced by `deps.deliveryPacer`) instead of one job per
   * entry; null for one job per entry (with `deliveryLimit` as a global cap).
   */
  batch?: BatchSettings | null;
  /** Due engagements per part of the minute's prompt tick (PROMPT_PART_SIZE); `PROMPT_PART_SIZE` by default. */
  promptPartSize?: number;
}

export interface RunningWorkers {
  readonly workers: readonly Worker[];
  /** Stops taking jobs and waits for the running ones to finish. */
  close(): Promise<void>;
}

export const defaultWorkerSettings = {
  roles: ['schedule', 'delivery'] as readonly QueueRole[],
  deliveryConcurrency: 8,
  scheduleConcurrency: 4,
  deliveryLimit: { max: 30, duration: 1_000 } as WorkerSettings['deliveryLimit'],
  lockDuration: 30_000,
  stalledInterval: 30_000,
  reconcileOnStart: true,
  watchdogMs: 5 * 60_000,
  batch: defaultBatchSettings as BatchSettings | null,
};

/**
 * The worker settings the configuration gives: DELIVERY_MODE (batch, the default, or one job per entry), the
 * batch's size, batches in flight, lease and poll interval; for one job per entry DELIVERY_RATE_PER_SECOND (the
 * global cap; 0 for none) and DELIVERY_CONCURRENCY; SCHEDULE_CONCURRENCY. Pacing per conversation and tenant
 * and Retry-After hold either way.
 */
export function workerSettingsFromConfig(config: {
  DELIVERY_RATE_PER_SECOND: number;
  DELIVERY_CONCURRENCY: number;
  SCHEDULE_CONCURRENCY: number;
  DELIVERY_MODE: 'batch' | 'jobs';
  DELIVERY_BATCH_SIZE: number;
  DELIVERY_BATCHES_IN_FLIGHT: number;
  DELIVERY_LEASE_MS: number;
  DELIVERY_POLL_MS: number;
  PROMPT_PART_SIZE?: number;
}): WorkerSettings {
  const perSecond = config.DELIVERY_RATE_PER_SECOND;
  return {
    ...(config.PROMPT_PART_SIZE ? { promptPartSize: config.PROMPT_PART_SIZE } : {}),
    deliveryConcurrency: config.DELIVERY_CONCURRENCY,
    scheduleConcurrency: config.SCHEDULE_CONCURRENCY,
    deliveryLimit: perSecond > 0 ? { max: perSecond, duration: 1_000 } : null,
    batch:
      config.DELIVERY_MODE === 'batch'
        ? {
            size: config.DELIVERY_BATCH_SIZE,
            concurrency: config.DELIVERY_BATCHES_IN_FLIGHT,
            leaseMs: config.DELIVERY_LEASE_MS,
            pollMs: config.DELIVERY_POLL_MS,
          }
        : null,
  };
}

/**
 * Starts the workers of this process, in its own process (`npm run worker`) or inside the app. The registry
 * is checked first (every produced job name has exactly one handler), then schedules are reconciled with
 * Postgres. Payloads are validated with each job's zod schema; a payload that does not parse fails for good.
 * Logs carry job and engagement ids only.
 */
export async function startWorkers(
  deps: JobDeps,
  queues: TriadQueues,
  settings: WorkerSettings = {},
): Promise<RunningWorkers> {
  const options = { ...defaultWorkerSettings, ...settings };
  const batch = options.batch;
  const registry = buildRegistry();
  const schedulerDeps: SchedulerDeps = {
    uow: deps.uow,
    clock: deps.clock,
    logger: deps.logger,
    rules: settings.rules ?? planningRules(deps.settings),
  };
  if (options.reconcileOnStart) await reconcile(queues, schedulerDeps);

  const promptTick = {
    ...deps.promptTick,
    ...(settings.promptPartSize ? { partSize: settings.promptPartSize } : {}),
  };
  // Read at each job, so what a test swaps in `deps` meanwhile is seen.
  const jobDepsOf = (current: JobDeps): JobDeps => ({
    ...current,
    promptTick,
    ...(batch ? { deliveredInBatches: true } : {}),
  });
  const workers = options.roles.map((role) => {
    const delivery = role === 'delivery';
    const worker = new Worker(
      queues.names[role],
      (job, token) => run(role, job, token, registry, jobDepsOf(deps), queues),
      {
        connection: queues.connection(),
        prefix: queues.prefix,
        concurrency: delivery ? options.deliveryConcurrency : options.scheduleConcurrency,
        ...(delivery && options.deliveryLimit ? { limiter: options.deliveryLimit } : {}),
        lockDuration: options.lockDuration,
        stalledInterval: options.stalledInterval,
      },
    );
    worker.on('error', (error) => deps.logger.error({ queue: role, err: error.name }, 'worker error'));
    worker.on('failed', (job, error) =>
      deps.logger.warn(
        { queue: role, jobId: job?.id, job: job?.name, attemptsMade: job?.attemptsMade, err: error.name },
        'job failed',
      ),
    );
    return worker;
  });
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  // The loop reads `deps` as it is at each batch (tests swap messengers and presence while workers run).
  const loop = batch && options.roles.includes('delivery') ? startDeliveryLoop(deps, batch) : undefined;

  const watchdog =
    options.watchdogMs > 0
      ? setInterval(() => void checkSchedules(queues, schedulerDeps), options.watchdogMs).unref()
      : undefined;
  deps.logger.info({ queues: options.roles }, 'workers started');
  let closed: Promise<void> | undefined;
  return {
    workers,
    close: () => {
      closed ??= (async () => {
        if (watchdog) clearInterval(watchdog);
        await Promise.all([...workers.map((worker) => worker.close()), loop?.close()]);
        deps.logger.info({ queues: options.roles }, 'workers stopped');
      })();
      return closed;
    },
  };
}

async function run(
  role: QueueRole,
  job: Job,
  token: string | undefined,
  registry: JobRegistry,
  deps: JobDeps,
  queues: TriadQueues,
): Promise<unknown> {
  const definition = registry.handlerFor(role, job.name);
  if (!definition) throw new UnrecoverableError(`no handler for ${role}/${job.name}`);
  const parsed = definition.schema.safeParse(job.data);
  if (!parsed.success) {
    deps.logger.error({ queue: role, jobId: job.id, job: job.name }, 'job payload is invalid');
    throw new UnrecoverableError(`invalid payload for ${job.name}`);
  }
  const logger = deps.logger.child({ jobId: job.id, job: job.name });
  try {
    return await definition.handle(parsed.data, { job, token, deps: { ...deps, logger }, queues });
  } catch (error) {
    throw withoutDetails(error);
  }
}

/**
 * BullMQ keeps a failed job's error message in Redis and hands it to listeners; a failed query's message lists
 * its parameters (names, ciphertext). Only the error's name and code go on; BullMQ's control errors pass as they are.
 */
function withoutDetails(error: unknown): unknown {
  const control = [DelayedError, RateLimitError, UnrecoverableError, WaitingError];
  if (control.some((type) => error instanceof type)) return error;
  const { name, code } = (error ?? {}) as { name?: string; code?: unknown };
  const plain = new Error(
    [name ?? 'Error', typeof code === 'string' ? code : undefined].filter(Boolean).join(' '),
  );
  plain.name = name ?? 'Error';
  return plain;
}

/** Redis lost its data (restart without persistence, FLUSHALL)? The sweeper's schedule is the canary. */
async function checkSchedules(queues: TriadQueues, deps: SchedulerDeps): Promise<void> {
  try {
    if (await queues.schedule.getJobScheduler(globalSchedules.outboxSweep.id)) return;
    deps.logger.warn({}, 'schedules missing from Redis; reconciling');
    await reconcile(queues, deps);
  } catch (error) {
    deps.logger.warn({ err: (error as Error)?.name }, 'schedule check failed');
  }
}

/** Closes the workers on SIGTERM / SIGINT, letting running jobs finish, then runs `after` (close db, exit). */
export function closeOnSignals(running: RunningWorkers, after: () => Promise<void> | void): void {
  const stop = async () => {
    await running.close();
    await after();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
