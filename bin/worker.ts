import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { AppConfig } from './config/app.config.js';
import { parseAppConfig } from './config/app.config.js';
import { loadConfig } from './load-config.js';
import { createLogger } from './logger.js';
import { superviseWorkerProcesses } from './worker-processes.js';

/**
 * The worker process (`npm run worker`): delivery and schedule workers on the configured queues, with the
 * outbound side of each configured platform. WORKER_PROCESSES of them run on this machine (one per core by
 * default, node:cluster); any number of machines may run more against the same PostgreSQL and Redis. SIGTERM /
 * SIGINT let running jobs and batches finish in every process.
 * Every worker process should have the same platforms configured: a message for a platform this process cannot
 * reach ends as "delivery failed" (retryable once fixed).
 */
const config = loadConfig(parseAppConfig);
const logger = createLogger(config).child({ process: 'worker' });

const processes = config.WORKER_PROCESSES || availableParallelism();
if (Object.keys(platformConfig(config)).length === 0) {
  console.error(
    'The worker needs a platform to deliver to: set SLACK_BOT_TOKEN (or SLACK_CLIENT_ID) and/or TEAMS_APP_ID.',
  );
  process.exit(1);
}
// The primary of several processes only supervises: it loads none of the app (Bolt, BullMQ, drizzle and the rest:
// about 75 MiB resident), each worker process does.
if (cluster.isPrimary && processes > 1) superviseWorkerProcesses(processes, logger);
else await (await import('./worker-process.js')).runWorkerProcess(config, logger);

/** The platforms this worker can deliver to, by their configuration. */
function platformConfig(config: AppConfig) {
  return {
    ...(config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID ? { slack: true } : {}),
    ...(config.TEAMS_APP_ID ? { teams: true } : {}),
  };
}
