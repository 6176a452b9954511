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
  console.error(`Could not read the job status (${describe(error)}). Check DATABASE_URL and REDIS_URL.`);
  process.exitCode = 1;
} finally {
  await runtime.close();
}

/** The error's name and code, never its message: a failed query's message lists its parameters. */
function describe(error: unknown): string {
  const { name, code } = error as { name?: string; code?: unknown };
  return [name ?? 'Error', typeof code === 'string' ? code : undefined].filter(Boolean).join(' ');
}
