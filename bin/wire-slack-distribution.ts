import type { InstallationStore, webApi } from '@slack/bolt';
import { queuedCommand } from '../adapters/slack/commands/queued-command.js';
import {
  enterpriseKey,
  type SlackInstallationRepository,
} from '../adapters/slack/oauth/installation-records.js';
import { keyOfQuery, slackInstallationStore } from '../adapters/slack/oauth/installation-store.js';
import { InstallationVault, type StoredInstallation } from '../adapters/slack/oauth/installation-vault.js';
import { RequestDirectory } from '../adapters/slack/oauth/request-directory.js';
import { slackTokenRefresher } from '../adapters/slack/oauth/token-refresh.js';
import { runWithRequestClient, WorkspaceClients } from '../adapters/slack/oauth/workspace-clients.js';
import { WorkspaceMessengers, WorkspacePresence } from '../adapters/slack/oauth/workspace-messenger.js';
import type { SlackInstallationEvents } from '../adapters/slack/slack-deps.js';
import { createDeliveryClient, createLookupClient } from '../adapters/slack/slack-web-client.js';
import type { CoreDeps } from '../src/use-cases/deps.js';
import { tenantOfSpace } from '../src/use-cases/spaces/tenant-of-space.js';
import type { AppConfig } from './config/app.config.js';
import {
  enterpriseAdoption,
  grantedWorkspaces,
  refreshFailingNotice,
} from './wire-slack-installer-rights.js';

/** Everything distribution mode adds to a process, built from configuration and the installations table. */
export interface SlackDistribution {
  oauth: {
    clientId: string;
    clientSecret: string;
    stateSecret: string;
    installationStore: InstallationStore;
    authorizationUrl: string | undefined;
    redirectUri: string | undefined;
  };
  vault: InstallationVault;
  clients: WorkspaceClients;
  installations: SlackInstallationEvents;
  messenger: WorkspaceMessengers;
  presence: WorkspacePresence;
  directory: RequestDirectory;
  /** Runs `work` as a request of the queued command's workspace (its client for the directory). */
  asWorkspace<T>(teamId: string, work: (client: webApi.WebClient) => Promise<T>): Promise<T>;
}

/** Slack's authorize page beside its Web API (`https://slack.com/api/` → `https://slack.com/oauth/v2/authorize`). */
export const authorizationUrlOf = (apiUrl: string | undefined): string | undefined =>
  apiUrl ? new URL('../oauth/v2/authorize', apiUrl).toString() : undefined;

export interface DistributionOptions {
  repository: SlackInstallationRepository;
  /** After an install or re-install is stored: e.g. the lead's `onSlackInstalled` (first HR admin). */
  onInstalled?(stored: StoredInstallation): Promise<void>;
}

/** Distribution mode's parts, or undefined when SLACK_CLIENT_ID is not set (single-token mode). */
export function slackDistribution(
  config: AppConfig,
  core: CoreDeps,
  options: DistributionOptions,
): SlackDistribution | undefined {
  const {
    SLACK_CLIENT_ID: clientId,
    SLACK_CLIENT_SECRET: clientSecret,
    SLACK_STATE_SECRET: stateSecret,
  } = config;
  if (!clientId || !clientSecret || !stateSecret) return undefined;
  const apiUrl = config.SLACK_API_URL;
  const logger = core.logger.child({ platform: 'slack' });
  const { repository } = options;
  const vault = new InstallationVault({
    repository,
    cipher: core.cipher,
    clock: core.clock,
    ids: core.ids,
    logger,
    refresh: slackTokenRefresher({ clientId, clientSecret, apiUrl, logger }),
    onRefreshFailing: refreshFailingNotice(core, repository, apiUrl, logger),
  });
  const clients = new WorkspaceClients(vault, {
    lookup: (token, teamId) => createLookupClient({ token, apiUrl, logger, teamId }),
    delivery: (teamId) => createDeliveryClient({ apiUrl, logger, teamId }),
  });
  const storeDeps = { vault, repository, clock: core.clock, logger };
  const adoption = enterpriseAdoption(core, clients, logger);
  return {
    oauth: {
      clientId,
      clientSecret,
      stateSecret,
      installationStore: slackInstallationStore({
        ...storeDeps,
        workspaceOfChannel: (channel) => tenantOfSpace({ platform: 'slack', address: { channel } }, core),
        onWorkspaceSeen: (teamId, installation) => adoption.seen(teamId, installation),
        ...(options.onInstalled ? { onInstalled: options.onInstalled } : {}),
      }),
      authorizationUrl: authorizationUrlOf(apiUrl),
      redirectUri: config.TRIAD_PUBLIC_URL
        ? new URL('/slack/oauth_redirect', config.TRIAD_PUBLIC_URL).toString()
        : undefined,
    },
    vault,
    clients,
    installations: {
      async gone(subject, field) {
        const key =
          subject.isEnterpriseInstall && subject.enterpriseId
            ? enterpriseKey(subject.enterpriseId)
            : await keyOfQuery(
                {
                  teamId: subject.teamId,
                  enterpriseId: subject.enterpriseId,
                  isEnterpriseInstall: false,
                } as Parameters<typeof keyOfQuery>[0],
                storeDeps,
              );
        return key ? repository.markGone(key, field, core.clock.now()) : false;
      },
      granted: grantedWorkspaces(repository, adoption, core),
    },
    messenger: new WorkspaceMessengers(clients),
    presence: new WorkspacePresence(clients, core.clock),
    directory: new RequestDirectory(),
    async asWorkspace(teamId, work) {
      const client = await clients.lookupClientFor(teamId);
      return runWithRequestClient(client, () => work(client));
    },
  };
}

/** The workspace of a queued `/coaching` command (its team id), for `asWorkspace`. */
export const queuedTeamOf = (payload: unknown): string => queuedCommand.parse(payload).teamId ?? '';
