import type { CustomRoute } from '@slack/bolt';
import {
  QUEUED_COMMAND_KIND,
  type QueuedCommand,
  runQueuedCommand,
} from '../adapters/slack/commands/queued-command.js';
import { createSlackApp, type SlackApp } from '../adapters/slack/slack-app.js';
import { SlackDirectory } from '../adapters/slack/slack-directory.js';
import { SlackMessenger } from '../adapters/slack/slack-messenger.js';
import { SlackPresence } from '../adapters/slack/slack-presence.js';
import { createDeliveryClient, createLookupClient } from '../adapters/slack/slack-web-client.js';
import type { InboundHandler, InboundQueue } from '../jobs/inbound-queue.js';
import type { CoreDeps } from '../src/use-cases/deps.js';
import type { AppConfig } from './config/app.config.js';

export interface SlackWiring {
  app: SlackApp;
  /** Give to the delivery worker as `messengers.slack`. */
  messenger: SlackMessenger;
  /** Give to the prompt jobs as `presence.slack` (Do Not Disturb, vacation status). */
  presence: SlackPresence;
}

export interface SlackWiringOptions {
  /** Extra routes on the Slack HTTP server (health, Teams' /api/messages). */
  customRoutes?: CustomRoute[];
  /** Tests: answer Slack only after the listeners finish. */
  processBeforeResponse?: boolean;
  /** Where HR commands go after the acknowledgement, for a worker to run (`slackCommandHandlers`). */
  inbound?: InboundQueue;
}

/**
 * The Slack side of a Triad process, from configuration: undefined when SLACK_BOT_TOKEN is not set. HTTP mode
 * (`/slack/events`) with SLACK_SIGNING_SECRET; Socket Mode when SLACK_APP_TOKEN is set and there is no signing
 * secret (development without a public URL). The Web API base URL comes from SLACK_API_URL.
 */
export function wireSlack(
  config: AppConfig,
  core: CoreDeps,
  options: SlackWiringOptions = {},
): SlackWiring | undefined {
  const token = config.SLACK_BOT_TOKEN;
  if (!token) return undefined;
  const apiUrl = config.SLACK_API_URL;
  const logger = core.logger.child({ platform: 'slack' });
  const directory = new SlackDirectory(createLookupClient({ token, apiUrl, logger }));
  const inbound = options.inbound;
  const commands = inbound && {
    enqueue: (command: QueuedCommand) => inbound.add(QUEUED_COMMAND_KIND, command.triggerId, command),
  };
  const deps = { core: { ...core, directory }, logger, ...(commands ? { commands } : {}) };
  const common = { botToken: token, apiUrl, customRoutes: options.customRoutes ?? [] };
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
  return {
    app,
    messenger: new SlackMessenger(createDeliveryClient({ token, apiUrl, logger })),
    presence: new SlackPresence(createLookupClient({ token, apiUrl, logger }), core.clock),
  };
}

/**
 * The inbound-queue handlers of the Slack side (queued `/coaching` commands), for a worker process; none when
 * SLACK_BOT_TOKEN is not set.
 */
export function slackCommandHandlers(config: AppConfig, core: CoreDeps): Record<string, InboundHandler> {
  const token = config.SLACK_BOT_TOKEN;
  if (!token) return {};
  const apiUrl = config.SLACK_API_URL;
  const logger = core.logger.child({ platform: 'slack' });
  const client = createLookupClient({ token, apiUrl, logger });
  const deps = { core: { ...core, directory: new SlackDirectory(client) }, logger };
  return { [QUEUED_COMMAND_KIND]: (payload) => runQueuedCommand(payload, deps, client) };
}
