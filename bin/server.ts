import type { Server } from 'node:http';
import { slackInstallationRepository } from '../db/repositories/slack-installation.repository.js';
import { openInboundQueue } from '../jobs/inbound-queue.js';
import { type RunningWorkers, workerSettingsFromConfig } from '../jobs/workers.js';
import { parseAppConfig } from './config/app.config.js';
import { paceLimitsFromConfig } from './config/delivery.config.js';
import { loadConfig } from './load-config.js';
import { loadTeams } from './load-teams.js';
import { createLogger } from './logger.js';
import { openCoreOrExit } from './wire-core.js';
import { downloadRoutes, healthRoutes, startRouteServer } from './wire-http.js';
import { slackCommandHandlers } from './wire-slack.js';
import { wireSlack } from './wire-slack-app.js';
import { type PlatformSides, startProcessWorkers } from './wire-workers.js';

/**
 * The Triad app: configuration → Postgres and Redis → the core → the Slack adapter → HTTP on PORT
 * (`/slack/events`, `/healthz`, `/readyz`), plus the workers when RUN_WORKERS_IN_APP is true.
 * SIGTERM / SIGINT stop taking requests, let running jobs finish, then close the connections.
 */
const config = loadConfig(parseAppConfig);
const logger = createLogger(config);

const runtime = openCoreOrExit(config, logger);

const routes = healthRoutes(runtime.checks, { opsToken: config.OPS_TOKEN });
const teams = await loadTeams(config, runtime.core);
if (teams) {
  routes.push(...downloadRoutes(config, runtime.core));
  routes.push({
    path: '/api/messages',
    method: 'POST',
    handler: (req, res) => {
      teams.endpoint(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    },
  });
}
const inbound = openInboundQueue(runtime.queues);
const installations = slackInstallationRepository(runtime.db);
const slack = wireSlack(config, runtime.core, { customRoutes: routes, inbound, installations });
const platforms: PlatformSides = {
  messengers: { ...(slack ? { slack: slack.messenger } : {}), ...(teams ? { teams: teams.messenger } : {}) },
  presence: slack ? { slack: slack.presence } : {},
};

let server: Server | undefined;
let workers: RunningWorkers | undefined;
try {
  if (slack) {
    server = await slack.app.start(config.PORT);
    logger.info({ mode: slack.app.mode, port: config.PORT }, 'Slack adapter started');
  }
  if (!server && (!slack || slack.app.mode === 'http' || teams))
    server = await startRouteServer(routes, config.PORT);
  if (!slack && !teams)
    logger.warn({}, 'Neither SLACK_BOT_TOKEN nor TEAMS_APP_ID is set: no platform is connected');
  if (config.RUN_WORKERS_IN_APP) {
    workers = await startProcessWorkers(
      runtime,
      platforms,
      slackCommandHandlers(config, runtime.core, { installations }),
      { ...workerSettingsFromConfig(config), paceLimits: paceLimitsFromConfig(config) },
    );
    logger.info({ workers: workers.workers.length }, 'workers started in the app process');
  }
  logger.info({ port: config.PORT }, 'Triad is running');
} catch (error) {
  logger.error({ err: (error as Error)?.name, code: (error as { code?: unknown })?.code }, 'start-up failed');
  await inbound.close();
  await runtime.close();
  process.exit(1);
}

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  try {
    await slack?.app.stop();
    if (server?.listening) await new Promise<void>((resolve) => server?.close(() => resolve()));
    await workers?.close();
    await inbound.close();
    await runtime.close();
  } finally {
    process.exit(0);
  }
}
process.once('SIGTERM', () => void stop('SIGTERM'));
process.once('SIGINT', () => void stop('SIGINT'));
