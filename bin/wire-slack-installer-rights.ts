import { EnterpriseAdoption } from '../adapters/slack/oauth/enterprise-adoption.js';
import {
  enterpriseKey,
  type InstallationRow,
  type SlackInstallationRepository,
} from '../adapters/slack/oauth/installation-records.js';
import { type RefreshFailing, WorkspaceUnavailable } from '../adapters/slack/oauth/installation-vault.js';
import type { WorkspaceClients } from '../adapters/slack/oauth/workspace-clients.js';
import { SlackDirectory } from '../adapters/slack/slack-directory.js';
import { createLookupClient } from '../adapters/slack/slack-web-client.js';
import { TriadError } from '../src/errors.js';
import type { Directory } from '../src/ports/directory.js';
import type { Logger } from '../src/ports/logger.js';
import { adoptWorkspace } from '../src/use-cases/admins/adopt-workspace.js';
import type { CoreDeps } from '../src/use-cases/deps.js';
import { noteAccessFailing } from '../src/use-cases/installations/note-access-failing.js';

/** Why the installer cannot be looked up as a person of a workspace: final, not worth asking again. */
const NOT_A_MEMBER = new Set(['unknown_user', 'bot_user']);

/**
 * The workspaces an org-wide installation covers get the enterprise's installer as first HR admin (the core's
 * `adoptWorkspace`), looked up with the installation's token in that workspace.
 */
export function enterpriseAdoption(core: CoreDeps, clients: WorkspaceClients, logger: Logger) {
  return new EnterpriseAdoption(async (teamId: string, installation: InstallationRow) => {
    const directory = new SlackDirectory(await clients.lookupClientFor(teamId));
    const made = await adoptWorkspace(
      {
        organisation: { platform: 'slack', tenantId: teamId },
        installer: { platformUserId: installation.installerUserId ?? '' },
      },
      { ...core, directory },
    ).catch((error: unknown) => {
      // The installer is not a person of this workspace (not a member, deactivated): asking again on every
      // request would not change that. Its admins are then added by whoever has HR rights there.
      if (error instanceof TriadError && NOT_A_MEMBER.has(error.code)) return undefined;
      throw error;
    });
    if (!made) {
      logger.warn({ teamId, installation: installation.id }, 'Org-wide installer is not a member here');
      return;
    }
    if (made.madeFirstAdmin || made.reason === 'coaches_here') {
      logger.info(
        {
          organisationId: made.organisationId,
          madeFirstAdmin: made.madeFirstAdmin,
          installation: installation.id,
        },
        'Slack workspace of an org-wide install adopted',
      );
    }
  }, logger);
}

/** `team_access_granted`: each workspace remembered for the enterprise's installation, then adopted. */
export function grantedWorkspaces(
  repository: SlackInstallationRepository,
  adoption: EnterpriseAdoption,
  core: CoreDeps,
) {
  return async (enterpriseId: string, teamIds: readonly string[]): Promise<number> => {
    const installation = await repository.find(enterpriseKey(enterpriseId));
    if (!installation?.isEnterpriseInstall) return 0;
    for (const teamId of teamIds) {
      await repository.rememberEnterpriseTeam(teamId, enterpriseId, core.clock.now());
      await adoption.seen(teamId, installation);
    }
    return teamIds.length;
  };
}

/** Once its token has expired, no one in the workspace can be looked up: only people Triad knows are told. */
const unreachable: Directory = {
  lookup: async () => {
    throw new WorkspaceUnavailable('token_refresh_failed');
  },
};

/**
 * Slack refused to renew an installation's token several times in a row: the HR admins of each workspace it
 * serves (its own, or every workspace Triad knows of its enterprise) are told (`noteAccessFailing`). Admins not
 * yet known as people are looked up with the current token while it works.
 */
export function refreshFailingNotice(
  core: CoreDeps,
  repository: SlackInstallationRepository,
  apiUrl: string | undefined,
  logger: Logger,
) {
  return async ({ row, failures, currentToken }: RefreshFailing): Promise<void> => {
    const teams = row.teamId
      ? [row.teamId]
      : row.enterpriseId
        ? await repository.teamsOf(row.enterpriseId)
        : [];
    const streak = core.clock.now().toISOString();
    for (const teamId of teams) {
      const directory = currentToken
        ? new SlackDirectory(
            createLookupClient({
              token: currentToken,
              apiUrl,
              logger,
              ...(row.isEnterpriseInstall ? { teamId } : {}),
            }),
          )
        : unreachable;
      const told = await noteAccessFailing(
        { platform: 'slack', tenantId: teamId, failures, streak },
        { ...core, directory },
      );
      logger.warn(
        { alert: 'slack_token_refresh_failing_told', installation: row.installationKey, failures, ...told },
        'Slack keeps refusing to renew the token; HR admins told',
      );
    }
  };
}
