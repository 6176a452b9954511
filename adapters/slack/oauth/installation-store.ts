import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Clock } from '../../../src/ports/clock.js';
import type { Logger } from '../../../src/ports/logger.js';
import {
  enterpriseKey,
  type InstallationRow,
  type SlackInstallationRepository,
} from './installation-records.js';
import type { InstallationVault, StoredInstallation } from './installation-vault.js';

export interface InstallationStoreDeps {
  vault: InstallationVault;
  repository: SlackInstallationRepository;
  clock: Clock;
  logger: Logger;
  /** Called once an installation is stored (first install or re-install), e.g. `onSlackInstalled`. */
  onInstalled?(stored: StoredInstallation): Promise<void>;
  /** The workspace (team id) whose engagement space a channel is, if it is one of Triad's (`tenantOfSpace`). */
  workspaceOfChannel?(channelId: string): Promise<string | undefined>;
  /**
   * A workspace an org-wide installation serves, heard from (a request, or the install for the workspaces already
   * known): its first HR admin is the enterprise's installer (`EnterpriseAdoption.seen`; never throws).
   */
  onWorkspaceSeen?(teamId: string, installation: InstallationRow): Promise<void>;
}

/**
 * The workspace a request is for. In a Slack Connect channel a person of another team acts with their own team
 * on the payload (`team.id` / `user.team_id` may be theirs): when the channel is an engagement space, the space's
 * workspace is the one whose installation answers, whatever team the payload names.
 */
async function workspaceOf(
  query: InstallationQuery<boolean>,
  deps: Pick<InstallationStoreDeps, 'workspaceOfChannel'>,
): Promise<string | undefined> {
  const channel = query.conversationId;
  const owner = channel && deps.workspaceOfChannel ? await deps.workspaceOfChannel(channel) : undefined;
  return owner ?? query.teamId;
}

/** The installation a request or an event names: org-wide by enterprise id, otherwise the workspace's own. */
export async function keyOfQuery(
  query: InstallationQuery<boolean>,
  deps: Pick<InstallationStoreDeps, 'vault' | 'repository' | 'clock'>,
): Promise<string | undefined> {
  if (query.isEnterpriseInstall && query.enterpriseId) {
    // A request from one workspace of an org-wide install: remembered, so workers acting for it find the token.
    if (query.teamId) {
      await deps.repository.rememberEnterpriseTeam(query.teamId, query.enterpriseId, deps.clock.now());
    }
    return enterpriseKey(query.enterpriseId);
  }
  if (!query.teamId) return undefined;
  return deps.vault.keyFor(query.teamId, query.enterpriseId);
}

/**
 * Bolt's InstallationStore on `slack_installations`. Bolt calls `fetchInstallation` to authorize every request;
 * the token it gets is already refreshed by the vault (under the row lock) when it was close to expiry, and is
 * handed over without its refresh token or expiry, so Bolt never refreshes it a second time, unlocked.
 */
export function slackInstallationStore(deps: InstallationStoreDeps): InstallationStore {
  return {
    async storeInstallation(installation) {
      const stored = await deps.vault.store(installation as Installation);
      deps.logger.info(
        {
          installation: stored.row.installationKey,
          reinstalled: stored.previous !== undefined,
          rotating: stored.row.tokenExpiresAt !== null,
        },
        'Slack installation stored',
      );
      await deps.onInstalled?.(stored);
      // An org-wide install again: the workspaces already known are adopted now (new ones as they are heard from).
      const { enterpriseId, isEnterpriseInstall } = stored.row;
      if (isEnterpriseInstall && enterpriseId && deps.onWorkspaceSeen) {
        for (const teamId of await deps.repository.teamsOf(enterpriseId)) {
          await deps.onWorkspaceSeen(teamId, stored.row);
        }
      }
    },
    async fetchInstallation(query) {
      const teamId = await workspaceOf(query, deps);
      const key = await keyOfQuery({ ...query, teamId } as InstallationQuery<boolean>, deps);
      if (!key) throw new Error('no installation for this workspace');
      const row = await deps.vault.find(key);
      const usable = await deps.vault.usableToken(key);
      if (row?.isEnterpriseInstall && teamId) await deps.onWorkspaceSeen?.(teamId, row);
      // The request's workspace becomes Bolt's `context.teamId` (an org-wide install names none of its own).
      const workspace = row?.teamId ?? teamId;
      return {
        team: workspace ? { id: workspace } : undefined,
        enterprise: row?.enterpriseId ? { id: row.enterpriseId } : undefined,
        isEnterpriseInstall: row?.isEnterpriseInstall ?? false,
        user: { id: row?.installerUserId ?? '', token: undefined, scopes: undefined },
        bot: {
          token: usable.token,
          userId: usable.botUserId,
          id: row?.botId ?? '',
          scopes: row?.scopes ?? [],
        },
        ...(row?.appId ? { appId: row.appId } : {}),
        authVersion: 'v2',
      } as Installation<'v2', boolean>;
    },
    async deleteInstallation(query) {
      const key = await keyOfQuery(query, deps);
      if (key) await deps.repository.markGone(key, 'uninstalledAt', deps.clock.now());
    },
  };
}
