import { slackInstallationRepository } from '../db/repositories/slack-installation.repository.js';
import { closeOnSignals, workerSettingsFromConfig } from '../jobs/workers.js';
import type { Logger } from '../src/ports/logger.js';
import type { CoreDeps } from '../src/use-cases/deps.js';
import type { AppConfig } from './config/app.config.js';
import { paceLimitsFromConfig } from './config/delivery.config.js';
import { loadTeams } from './load-teams.js';
import { openCoreOrExit } from './wire-core.js';
import { slackCommandHandlers, slackOutbound } from './wire-slack.js';
import { type PlatformSides, startProcessWorkers } from './wire-workers.js';
import { announceWorkerReady, workerIndex } from './worker-processes.js';

/** One worker process: its workers on the shared queues and outbox, until SIGTERM / SIGINT. */
export async function runWorkerProcess(config: AppConfig, logger: Logger): Promise<void> {
  const runtime = openCoreOrExit(config, logger);

  const installations = slackInstallationRepository(runtime.db);
  const platforms = await platformSides(config, runtime.core, installations);
  if (Object.keys(platforms.messengers).length === 0) {
    console.error(
      'The worker needs a platform to deliver to: set SLACK_BOT_TOKEN (or SLACK_CLIENT_ID) and/or TEAMS_APP_ID.',
    );
    await runtime.close();
    process.exit(1);
  }

  try {
    const workers = await startProcessWorkers(
      runtime,
      platforms,
      slackCommandHandlers(config, runtime.core, { installations }),
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

async function platformSides(
  config: AppConfig,
  core: CoreDeps,
  installations: ReturnType<typeof slackInstallationRepository>,
): Promise<PlatformSides> {
  const sides: PlatformSides = { messengers: {}, presence: {} };
  // Each organisation's messages go out with its own workspace's token in distribution mode (SLACK_CLIENT_ID).
  const slack = slackOutbound(config, core, { installations });
  if (slack) {
    sides.messengers.slack = slack.messenger;
    sides.presence.slack = slack.presence;
  }
  const teams = await loadTeams(config, core);
  if (teams) sides.messengers.teams = teams.messenger;
  return sides;
}
