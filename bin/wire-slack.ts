import type { CustomRoute } from '@slack/bolt';
import { QUEUED_COMMAND_KIND, runQueuedCommand } from '../adapters/slack/commands/queued-command.js';
import type { SlackInstallationRepository } from '../adapters/slack/oauth/installation-records.js';
import {
  AWAY_CODES,
  REFRESH_ALERT_AFTER,
  type StoredInstallation,
} from '../adapters/slack/oauth/installation-vault.js';
import { SlackDirectory } from '../adapters/slack/slack-directory.js';
import { SlackMessenger } from '../adapters/slack/slack-messenger.js';
import { SlackPresence } from '../adapters/slack/slack-presence.js';
import { createDeliveryClient, createLookupClient } from '../adapters/slack/slack-web-client.js';
import type { InboundHandler, InboundQueue } from '../jobs/inbound-queue.js';
import type { Messenger } from '../src/ports/messenger.js';
import type { Presence } from '../src/ports/presence.js';
import { makeFirstAdmin } from '../src/use-cases/admins/make-first-admin.js';
import type { CoreDeps } from '../src/use-cases/deps.js';
import { noteReinstalled } from '../src/use-cases/installations/note-reinstalled.js';
import type { AppConfig } from './config/app.config.js';
import { queuedTeamOf, type SlackDistribution, slackDistribution } from './wire-slack-distribution.js';

export interface SlackWiringOptions {
  /** Extra routes on the Slack HTTP server (health, Teams' /api/messages). */
  customRoutes?: CustomRoute[];
  /** Tests: answer Slack only after the listeners finish. */
  processBeforeResponse?: boolean;
  /** Where HR commands go after the acknowledgement, for a worker to run (`slackCommandHandlers`). */
  inbound?: InboundQueue;
  /** Distribution mode: the installations table (db/repositories/slack-installation.repository.ts). */
  installations?: SlackInstallationRepository;
  /** Distribution mode: called once an installation is stored (install or re-install). */
  onInstalled?(stored: StoredInstallation): Promise<void>;
}

/**
 * The outbound sides of Slack (delivery and presence) for a worker process; undefined without Slack. A worker
 * process needs only these and the queued commands' handlers, not Bolt's app (`wire-slack-app.ts`): it loads the
 * Web API client alone, not Bolt, express and the Socket Mode client.
 */
export interface SlackOutbound {
  messenger: Messenger;
  presence: Presence;
  distribution: SlackDistribution | undefined;
}

/**
 * Whoever installs Triad in a workspace becomes its first HR admin, while the workspace has none (an org-wide
 * install's workspaces are adopted as Triad hears from each: `EnterpriseAdoption`). A workspace that had removed
 * Triad (or revoked its tokens), or whose token Slack kept refusing to renew, and installs it again gets its held
 * deliveries going at once, and its HR admins are told, with the count of messages resuming.
 */
async function onSlackInstalled(
  stored: StoredInstallation,
  core: CoreDeps,
  repository: SlackInstallationRepository,
): Promise<void> {
  const { teamId, enterpriseId, installerUserId } = stored.row;
  if (teamId && installerUserId) {
    const made = await makeFirstAdmin(
      {
        organisation: { platform: 'slack', tenantId: teamId },
        installer: { platformUserId: installerUserId },
      },
      core,
    );
    core.logger.info(
      { organisationId: made.organisationId, madeFirstAdmin: made.madeFirstAdmin },
      'Slack installed',
    );
  }
  const previous = stored.previous;
  const away = Boolean(previous?.uninstalledAt || previous?.revokedAt);
  // HR admins were told Slack refused to renew the token (REFRESH_ALERT_AFTER in a row): now it is mended.
  const failing = (previous?.refreshFailures ?? 0) >= REFRESH_ALERT_AFTER;
  if (!away && !failing) return;
  const teams = teamId ? [teamId] : enterpriseId ? await repository.teamsOf(enterpriseId) : [];
  for (const tenantId of teams) {
    const back = await noteReinstalled(
      { platform: 'slack', tenantId, heldCodes: [...AWAY_CODES, 'token_refresh_failed'] },
      core,
    );
    core.logger.info({ teamId: tenantId, ...back }, 'Slack workspace came back');
  }
}

function distributionOf(config: AppConfig, core: CoreDeps, options: SlackWiringOptions) {
  if (!config.SLACK_CLIENT_ID) return undefined;
  const installations = options.installations;
  if (!installations) throw new Error('Slack distribution mode needs the installations repository');
  return slackDistribution(config, core, {
    repository: installations,
    onInstalled: options.onInstalled ?? ((stored) => onSlackInstalled(stored, core, installations)),
  });
}

/**
 * Slack's outbound side from configuration: per-workspace tokens in distribution mode (SLACK_CLIENT_ID), the one
 * SLACK_BOT_TOKEN otherwise; undefined when neither is set.
 */
export function slackOutbound(
  config: AppConfig,
  core: CoreDeps,
  options: SlackWiringOptions = {},
): SlackOutbound | undefined {
  const distribution = distributionOf(config, core, options);
  if (distribution) {
    return { messenger: distribution.messenger, presence: distribution.presence, distribution };
  }
  const token = config.SLACK_BOT_TOKEN;
  if (!token) return undefined;
  const apiUrl = config.SLACK_API_URL;
  const logger = core.logger.child({ platform: 'slack' });
  return {
    messenger: new SlackMessenger(createDeliveryClient({ token, apiUrl, logger })),
    presence: new SlackPresence(createLookupClient({ token, apiUrl, logger }), core.clock),
    distribution: undefined,
  };
}

/**
 * The inbound-queue handlers of the Slack side (queued `/coaching` commands), for a worker process; none without
 * Slack. In distribution mode each command runs with its own workspace's client.
 */
export function slackCommandHandlers(
  config: AppConfig,
  core: CoreDeps,
  options: SlackWiringOptions = {},
): Record<string, InboundHandler> {
  const logger = core.logger.child({ platform: 'slack' });
  const distribution = distributionOf(config, core, options);
  if (distribution) {
    const deps = { core: { ...core, directory: distribution.directory }, logger };
    return {
      [QUEUED_COMMAND_KIND]: (payload) =>
        distribution.asWorkspace(queuedTeamOf(payload), (client) => runQueuedCommand(payload, deps, client)),
    };
  }
  const token = config.SLACK_BOT_TOKEN;
  if (!token) return {};
  const client = createLookupClient({ token, apiUrl: config.SLACK_API_URL, logger });
  const deps = { core: { ...core, directory: new SlackDirectory(client) }, logger };
  return { [QUEUED_COMMAND_KIND]: (payload) => runQueuedCommand(payload, deps, client) };
}
