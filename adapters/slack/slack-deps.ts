import type { Logger } from '../../src/ports/logger.js';
import type { Actor } from '../../src/use-cases/actor.js';
import type { DirectoryDeps } from '../../src/use-cases/deps.js';
import type { QueuedCommand } from './commands/queued-command.js';

/**
 * Where `/coaching` commands go to be run by a worker after the acknowledgement (the inbound queue). Throws
 * when the command could not be queued; the listener then runs it itself.
 */
export interface SlackCommandQueue {
  enqueue(command: QueuedCommand): Promise<void>;
}

/** What every Slack listener receives: the core's dependencies (with the Slack directory) and a logger. */
export interface SlackDeps {
  core: DirectoryDeps;
  logger: Logger;
  /** When set, HR commands are queued and run by a worker; otherwise they run in the listener. */
  commands?: SlackCommandQueue | undefined;
}

/** The person acting, as the core identifies them: the workspace is the tenant. */
export const slackActor = (teamId: string | undefined | null, userId: string): Actor => ({
  platform: 'slack',
  tenantId: teamId || 'unknown-team',
  platformUserId: userId,
});
