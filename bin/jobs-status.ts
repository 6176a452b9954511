import { formatJobsStatus, jobsStatus } from '../jobs/job-status.js';
import { loadConfig } from './load-config.js';
import { createLogger } from './logger.js';
import { openCore } from './wire-core.js';

/** `npm run jobs:status`: per-queue counts and failed deliveries (ids and codes, never content). */
const config = loadConfig();
const logger = createLogger({ ...config, LOG_LEVEL: 'warn' });
let runtime: ReturnType<typeof openCore>;
try {
  runtime = openCore(config, logger);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
try {
  console.log(formatJobsStatus(await jobsStatus(runtime.queues, runtime.core.uow.read)));
} catch (error) {
  console.error(`Could not read the job status: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await runtime.close();
}
