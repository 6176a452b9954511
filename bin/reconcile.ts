import { reconcile } from '../jobs/reconcile.js';
import { parseCoreConfig } from './config/core.config.js';
import { loadConfig } from './load-config.js';
import { createLogger } from './logger.js';
import { nameAndCode, openCoreOrExit } from './wire-core.js';

/**
 * `npm run jobs:reconcile`: rebuilds every prompt schedule and reminder in Redis from Postgres, removes stale
 * ones and queues pending outbox rows again. Safe to run at any time, also while workers run.
 */
const config = loadConfig(parseCoreConfig);
const logger = createLogger(config).child({ process: 'reconcile' });
const runtime = openCoreOrExit(config, logger);
try {
  const report = await reconcile(runtime.queues, {
    uow: runtime.core.uow,
    clock: runtime.core.clock,
    logger,
    rules: runtime.rules,
  });
  console.log(
    [
      `Engagements reconciled: ${report.engagements}`,
      `Schedulers upserted: ${report.schedulersUpserted}, removed: ${report.schedulersRemoved}`,
      `Jobs added: ${report.jobsAdded}, removed: ${report.jobsRemoved}, already right: ${report.jobsKept}`,
      `Outbox rows queued again: ${report.outboxRequeued}`,
    ].join('\n'),
  );
} catch (error) {
  console.error(`Reconciliation failed (${nameAndCode(error)}). Check DATABASE_URL and REDIS_URL.`);
  process.exitCode = 1;
} finally {
  await runtime.close();
}
