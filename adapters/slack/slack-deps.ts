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

/** Who an installation event is about: a workspace (team id), or an Enterprise Grid org-wide install. */
export interface InstallationSubject {
  teamId: string | undefined;
  enterpriseId: string | undefined;
  isEnterpriseInstall: boolean;
}

/** Distribution mode's installations, as the uninstall and revocation events mark them. */
export interface SlackInstallationEvents {
  /** Marks the installation uninstalled or revoked; false when Triad has no installation for it. */
  gone(subject: InstallationSubject, field: 'uninstalledAt' | 'revokedAt'): Promise<boolean>;
  /**
   * An org-wide installation now also serves these workspaces (`team_access_granted`): each is remembered and
   * adopted (the installer its first HR admin); returns how many the enterprise has an installation for.
   */
  granted?(enterpriseId: string, teamIds: readonly string[]): Promise<number>;
}

/** What every Slack listener receives: the core's dependencies (with the Slack directory) and a logger. */
export interface SlackDeps {
  core: DirectoryDeps;
  logger: Logger;
  /** When set, HR commands are queued and run by a worker; otherwise they run in the listener. */
  commands?: SlackCommandQueue | undefined;
  /** Distribution mode only (SLACK_CLIENT_ID …): installations marked by `app_uninstalled` / `tokens_revoked`. */
  installations?: SlackInstallationEvents | undefined;
}

/**
 * The person acting, as the core identifies them: the workspace the request was authorized for is the tenant
 * (Bolt's `context.teamId`: in a Slack Connect channel the installation's workspace, not the actor's), and the
 * user's own team goes along when Slack names it, so a person is matched as (team, user).
 */
export const slackActor = (
  teamId: string | undefined | null,
  userId: string,
  homeTeamId?: string | undefined | null,
): Actor => ({
  platform: 'slack',
  tenantId: teamId || 'unknown-team',
  platformUserId: userId,
  ...(homeTeamId ? { homeTeamId } : {}),
});

/**
 * The user's own team as a request names it (`user.team_id`, an event's `user_team`). In an Enterprise Grid
 * organisation a member's home workspace can be any of the enterprise's, so there it names nobody's team.
 */
export const homeTeamOf = (
  userTeamId: string | undefined | null,
  enterprise: { id?: string | null } | string | null | undefined,
): string | undefined => (enterprise ? undefined : userTeamId || undefined);
