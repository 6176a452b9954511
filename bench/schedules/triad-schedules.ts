import pino from 'pino';
import { createDatabase } from '../../db/client.js';
import { createUnitOfWork } from '../../db/unit-of-work.js';
import { openQueues } from '../../jobs/queues.js';
import { type ReconcileReport, reconcile } from '../../jobs/reconcile.js';
import { systemClock } from '../../src/ports/clock.js';
import { round } from '../lib/stats.js';
import { usedMemory, wipe } from './redis-memory.js';

export interface ReconcileFigures {
  /** Prompt schedulers plus delayed one-off jobs, as Redis holds them after the rebuild. */
  jobs: number;
  schedulers: number;
  delayed: number;
  bytesPerJob: number;
  /** Rebuild from an empty Redis (after a wipe): every scheduler and job written. */
  fromEmptyMs: number;
  /** Reconcile again with Redis already in step: everything read, nothing written. */
  inStepMs: number;
  report: ReconcileReport;
}

/**
 * Runs Triad's own reconciliation (what `npm run jobs:reconcile` and worker start-up run) against the seeded
 * database, first on a wiped Redis, then again with nothing to change.
 */
export async function measureReconcile(databaseUrl: string, redisUrl: string): Promise<ReconcileFigures> {
  await wipe(redisUrl);
  const before = await usedMemory(redisUrl);
  const handle = createDatabase(databaseUrl, { max: 10 });
  const queues = openQueues({ redisUrl, prefix: '{triad}' });
  const deps = { uow: createUnitOfWork(handle.db), clock: systemClock, logger: pino({ level: 'silent' }) };
  try {
    let started = performance.now();
    const report = await reconcile(queues, deps);
    const fromEmptyMs = performance.now() - started;
    const after = await usedMemory(redisUrl);
    const counts = await queues.schedule.getJobCounts('delayed', 'waiting', 'prioritized');
    const schedulers = await queues.schedule.getJobSchedulersCount();
    started = performance.now();
    await reconcile(queues, deps);
    const inStepMs = performance.now() - started;
    // Scheduler-made jobs are counted once, as their scheduler.
    const delayed = (counts.delayed ?? 0) + (counts.waiting ?? 0) + (counts.prioritized ?? 0) - schedulers;
    const jobs = schedulers + delayed;
    return {
      jobs,
      schedulers,
      delayed,
      bytesPerJob: Math.round((after - before) / jobs),
      fromEmptyMs: round(fromEmptyMs),
      inStepMs: round(inStepMs),
      report,
    };
  } finally {
    await queues.close();
    await handle.close();
  }
}
