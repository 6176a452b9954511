/**
 * The worker process of `bin/worker.ts`, wired the same way (Slack messenger and presence, Redis pacing), but
 * with the worker settings given in the environment instead of the defaults, to measure what they cost:
 * BENCH_DELIVERY_CONCURRENCY, BENCH_SCHEDULE_CONCURRENCY, BENCH_DELIVERY_PER_SECOND.
 * Reads the usual Triad configuration (DATABASE_URL, REDIS_URL, SLACK_BOT_TOKEN, SLACK_API_URL …).
 */
import { SlackMessenger } from '../../adapters/slack/slack-messenger.js';
import { SlackPresence } from '../../adapters/slack/slack-presence.js';
import { createDeliveryClient, createLookupClient } from '../../adapters/slack/slack-web-client.js';
import { loadConfig } from '../../bin/load-config.js';
import { createLogger } from '../../bin/logger.js';
import { openCore } from '../../bin/wire-core.js';
import { jobDeps } from '../../bin/wire-workers.js';
import { closeOnSignals, defaultWorkerSettings, startWorkers } from '../../jobs/workers.js';

const config = loadConfig();
const logger = createLogger(config).child({ process: 'worker' });
const runtime = openCore(config, logger);
const token = config.SLACK_BOT_TOKEN;
if (!token) throw new Error('SLACK_BOT_TOKEN is required');
const client = { token, apiUrl: config.SLACK_API_URL, logger: logger.child({ platform: 'slack' }) };
const platforms = {
  messengers: { slack: new SlackMessenger(createDeliveryClient(client)) },
  presence: { slack: new SlackPresence(createLookupClient(client), runtime.core.clock) },
};
const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const perSecond = number('BENCH_DELIVERY_PER_SECOND', defaultWorkerSettings.deliveryLimit.max);
const workers = await startWorkers(jobDeps(runtime, platforms), runtime.queues, {
  deliveryConcurrency: number('BENCH_DELIVERY_CONCURRENCY', defaultWorkerSettings.deliveryConcurrency),
  scheduleConcurrency: number('BENCH_SCHEDULE_CONCURRENCY', defaultWorkerSettings.scheduleConcurrency),
  deliveryLimit: { max: perSecond, duration: 1_000 },
});
closeOnSignals(workers, async () => {
  await runtime.close();
  process.exit(0);
});
logger.info({ perSecond }, 'worker ready');
