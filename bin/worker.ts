import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { SlackMessenger } from '../adapters/slack/slack-messenger.js';
import { SlackPresence } from '../adapters/slack/slack-presence.js';
import { createDeliveryClient, createLookupClient } from '../adapters/slack/slack-web-client.js';
import { closeOnSignals, workerSettingsFromConfig } from '../jobs/workers.js';
import type { CoreDeps } from '../src/use-cases/deps.js';
import type { AppConfig } from './config/app.config.js';
import { parseAppConfig } from './config/app.config.js';
import { paceLimitsFromConfig } from './config/delivery.config.js';
import { loadConfig } from './load-config.js';
import { createLogger } from './logger.js';
import { openCoreOrExit } from './wire-core.js';
import { slackCommandHandlers } from './wire-slack.js';
import { wireTeams } from './wire-teams.js';
import { type PlatformSides, startProcessWorkers } from './wire-workers.js';
import { announceWorkerReady, superviseWorkerProcesses, workerIndex } from './worker-processes.js';

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
  console.error('The worker needs a platform to deliver to: set SLACK_BOT_TOKEN and/or TEAMS_APP_ID.');
  process.exit(1);
}
if (cluster.isPrimary && processes > 1) superviseWorkerProcesses(processes, logger);
else await runWorkerProcess();

/** One worker process: its workers on the shared queues and outbox, until SIGTERM / SIGINT. */
async function runWorkerProcess(): Promise<void> {
  const runtime = openCoreOrExit(config, logger);

  const platforms = platformSides(config, runtime.core);
  if (Object.keys(platforms.messengers).length === 0) {
    console.error('The worker needs a platform to deliver to: set SLACK_BOT_TOKEN and/or TEAMS_APP_ID.');
    await runtime.close();
    process.exit(1);
  }

  try {
    const workers = await startProcessWorkers(
      runtime,
      platforms,
      slackCommandHandlers(config, runtime.core),
      {
        ...workerSettingsFromConfig(config),
        paceLimits: paceLimitsFromConfig(config),
        // Schedules are rebuilt once per machine, not by every process.
        reconcileOnStart: workerIndex() === 0,
      },
    );
    closeOnSignals(workers, async () => {
      await runtime.close();
      process.exit(0);
    });
    logger.info(
      { platforms: Object.keys(platforms.messengers), prefix: config.QUEUE_PREFIX },
      'worker ready',
    );
    announceWorkerReady();
  } catch (error) {
    logger.error(
      { err: (error as Error)?.name, code: (error as { code?: unknown })?.code },
      'worker start-up failed',
    );
    console.error((error as Error).message);
    await runtime.close();
    process.exit(1);
  }
}

/** The platforms this worker can deliver to, by their configuration. */
function platformConfig(config: AppConfig) {
  return {
    ...(config.SLACK_BOT_TOKEN ? { slack: true } : {}),
    ...(config.TEAMS_APP_ID ? { teams: true } : {}),
  };
}

function platformSides(config: AppConfig, core: CoreDeps): PlatformSides {
  const sides: PlatformSides = { messengers: {}, presence: {} };
  const token = config.SLACK_BOT_TOKEN;
  if (token) {
    const slackLogger = core.logger.child({ platform: 'slack' });
    const client = { token, apiUrl: config.SLACK_API_URL, logger: slackLogger };
    sides.messengers.slack = new SlackMessenger(createDeliveryClient(client));
    sides.presence.slack = new SlackPresence(createLookupClient(client), core.clock);
  }
  const teams = wireTeams(config, core);
  if (teams) sides.messengers.teams = teams.messenger;
  return sides;
}
