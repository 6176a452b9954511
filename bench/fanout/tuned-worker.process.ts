/**
 * The worker process of `bin/worker.ts`, wired the same way (Slack messenger and presence, Redis pacing), with
 * the worker settings taken from the configuration (`workerSettingsFromConfig`: DELIVERY_RATE_PER_SECOND,
 * DELIVERY_CONCURRENCY, SCHEDULE_CONCURRENCY), to measure what raising them gives.
 * Reads the usual Triad configuration (DATABASE_URL, REDIS_URL, SLACK_BOT_TOKEN, SLACK_API_URL …).
 */
import { SlackMessenger } from '../../adapters/slack/slack-messenger.js';
import { SlackPresence } from '../../adapters/slack/slack-presence.js';
import { createDeliveryClient, createLookupClient } from '../../adapters/slack/slack-web-client.js';
import { parseAppConfig } from '../../bin/config/app.config.js';
import { paceLimitsFromConfig } from '../../bin/config/delivery.config.js';
import { loadConfig } from '../../bin/load-config.js';
import { createLogger } from '../../bin/logger.js';
import { openCore } from '../../bin/wire-core.js';
import { jobDeps } from '../../bin/wire-workers.js';
import { closeOnSignals, startWorkers, workerSettingsFromConfig } from '../../jobs/workers.js';

const config = loadConfig(parseAppConfig);
const logger = createLogger(config).child({ process: 'worker' });
const runtime = openCore(config, logger);
const token = config.SLACK_BOT_TOKEN;
if (!token) throw new Error('SLACK_BOT_TOKEN is required');
const client = { token, apiUrl: config.SLACK_API_URL, logger: logger.child({ platform: 'slack' }) };
const platforms = {
  messengers: { slack: new SlackMessenger(createDeliveryClient(client)) },
  presence: { slack: new SlackPresence(createLookupClient(client), runtime.core.clock) },
};
const settings = workerSettingsFromConfig(config);
const workers = await startWorkers(
  jobDeps(runtime, platforms, paceLimitsFromConfig(config)),
  runtime.queues,
  {
    rules: runtime.rules,
    ...settings,
  },
);
closeOnSignals(workers, async () => {
  await runtime.close();
  process.exit(0);
});
logger.info({ settings }, 'worker ready');
