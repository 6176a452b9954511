import { QUEUED_COMMAND_KIND, type QueuedCommand } from '../adapters/slack/commands/queued-command.js';
import { createSlackApp, type SlackApp } from '../adapters/slack/slack-app.js';
import { SlackDirectory } from '../adapters/slack/slack-directory.js';
import { SLACK_BOT_SCOPES } from '../adapters/slack/slack-requirements.js';
import { createLookupClient } from '../adapters/slack/slack-web-client.js';
import type { Messenger } from '../src/ports/messenger.js';
import type { Presence } from '../src/ports/presence.js';
import type { CoreDeps } from '../src/use-cases/deps.js';
import type { AppConfig } from './config/app.config.js';
import { type SlackWiringOptions, slackOutbound } from './wire-slack.js';
import type { SlackDistribution } from './wire-slack-distribution.js';

export interface SlackWiring {
  app: SlackApp;
  /** Give to the delivery worker as `messengers.slack`. */
  messenger: Messenger;
  /** Give to the prompt jobs as `presence.slack` (Do Not Disturb, vacation status). */
  presence: Presence;
  /** Distribution mode's parts (installations, per-workspace clients); undefined in single-token mode. */
  distribution: SlackDistribution | undefined;
}

/**
 * The Slack side of a Triad process, from configuration: undefined when neither SLACK_CLIENT_ID (distribution
 * mode: OAuth installs, a token per workspace) nor SLACK_BOT_TOKEN (one workspace) is set. HTTP mode
 * (`/slack/events`) with SLACK_SIGNING_SECRET; Socket Mode when SLACK_APP_TOKEN is set and there is no signing
 * secret (single-token development without a public URL). The Web API base URL comes from SLACK_API_URL. Only the
 * server wires it: Bolt's app (express, the Socket Mode client) stays out of the worker processes, which take
 * `slackOutbound`.
 */
export function wireSlack(
  config: AppConfig,
  core: CoreDeps,
  options: SlackWiringOptions = {},
): SlackWiring | undefined {
  const outbound = slackOutbound(config, core, options);
  if (!outbound) return undefined;
  const { distribution } = outbound;
  const token = config.SLACK_BOT_TOKEN;
  const apiUrl = config.SLACK_API_URL;
  const logger = core.logger.child({ platform: 'slack' });
  const directory =
    distribution?.directory ?? new SlackDirectory(createLookupClient({ token: token ?? '', apiUrl, logger }));
  const inbound = options.inbound;
  const commands = inbound && {
    enqueue: (command: QueuedCommand) => inbound.add(QUEUED_COMMAND_KIND, command.triggerId, command),
  };
  const deps = {
    core: { ...core, directory },
    logger,
    ...(commands ? { commands } : {}),
    ...(distribution ? { installations: distribution.installations } : {}),
  };
  const common = {
    ...(distribution
      ? { oauth: { ...distribution.oauth, scopes: [...SLACK_BOT_SCOPES] } }
      : { botToken: token }),
    apiUrl,
    customRoutes: options.customRoutes ?? [],
  };
  const app = config.SLACK_SIGNING_SECRET
    ? createSlackApp(
        {
          ...common,
          mode: 'http',
          signingSecret: config.SLACK_SIGNING_SECRET,
          processBeforeResponse: options.processBeforeResponse ?? false,
        },
        deps,
      )
    : createSlackApp(
        { ...common, mode: 'socket', appToken: config.SLACK_APP_TOKEN ?? '', httpPort: config.PORT },
        deps,
      );
  return { app, messenger: outbound.messenger, presence: outbound.presence, distribution };
}
