import { formatJobsStatus, jobsStatus } from '../jobs/job-status.js';
import { parseCoreConfig } from './config/core.config.js';
import { loadConfig } from './load-config.js';
import { createLogger } from './logger.js';
import { nameAndCode, openCoreOrExit } from './wire-core.js';

/** `npm run jobs:status`: per-queue counts and failed deliveries (ids and codes, never content). */
const config = loadConfig(parseCoreConfig);
const logger = createLogger({ ...config, LOG_LEVEL: 'warn' });
const runtime = openCoreOrExit(config, logger);
try {
  console.log(formatJobsStatus(await jobsStatus(runtime.queues, runtime.core.uow.read)));
} catch (error) {
  console.error(`Could not read the job status (${nameAndCode(error)}). Check DATABASE_URL and REDIS_URL.`);
  process.exitCode = 1;
} finally {
  await runtime.close();
}
