import type { Logger } from '../../src/ports/logger.js';
import type { Actor } from '../../src/use-cases/actor.js';
import type { DirectoryDeps } from '../../src/use-cases/deps.js';

/** What every Slack listener receives: the core's dependencies (with the Slack directory) and a logger. */
export interface SlackDeps {
  core: DirectoryDeps;
  logger: Logger;
}

/** The person acting, as the core identifies them: the workspace is the tenant. */
export const slackActor = (teamId: string | undefined | null, userId: string): Actor => ({
  platform: 'slack',
  tenantId: teamId || 'unknown-team',
  platformUserId: userId,
});
