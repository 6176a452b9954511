import type { Server } from 'node:http';
import {
  App,
  type CustomRoute,
  HTTPReceiver,
  type InstallationStore,
  type Receiver,
  SocketModeReceiver,
} from '@slack/bolt';
import { dedupeRequests } from './dedupe.js';
import { registerListeners } from './listeners/index.js';
import { answerUnknownRequests, listenerRoutes } from './listeners/unhandled.js';
import { runWithRequestClient } from './oauth/workspace-clients.js';
import type { SlackDeps } from './slack-deps.js';
import { slackLogger } from './slack-logger.js';

/** Where Slack sends events, commands and interactivity in HTTP mode (the manifest's request URL path). */
export const SLACK_EVENTS_PATH = '/slack/events';

/** Where Slack sends a person to install Triad, and where Slack's authorize page sends them back. */
export const SLACK_INSTALL_PATH = '/slack/install';
export const SLACK_OAUTH_REDIRECT_PATH = '/slack/oauth_redirect';

/**
 * Distribution mode: Bolt's own OAuth (`/slack/install`, `/slack/oauth_redirect`, state signed with the state
 * secret and checked against the browser's state cookie), installations in `slack_installations`, and every
 * request authorized with its workspace's token.
 */
export interface SlackOAuthOptions {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  installationStore: InstallationStore;
  scopes: string[];
  /** Slack's authorize page; derived from SLACK_API_URL (`…/oauth/v2/authorize`) when that is set. */
  authorizationUrl?: string | undefined;
  /** The redirect URL registered in the app settings (`https://host/slack/oauth_redirect`). */
  redirectUri?: string | undefined;
}

export type SlackAppOptions = {
  /** Single-token mode (self-hosting, demo); absent in distribution mode. */
  botToken?: string | undefined;
  oauth?: SlackOAuthOptions | undefined;
  /** Web API base URL (config SLACK_API_URL), e.g. a proxy or the test fake; Slack's own when absent. */
  apiUrl?: string | undefined;
  /** Extra HTTP routes on the same server (health checks). */
  customRoutes?: CustomRoute[];
} & (
  | {
      mode: 'http';
      signingSecret: string;
      /** Hold the HTTP answer until the listeners finish (tests); production answers as soon as they ack. */
      processBeforeResponse?: boolean;
    }
  | {
      mode: 'socket';
      appToken: string;
      /** Port of the small HTTP server for `customRoutes` (health checks); Slack itself connects by WebSocket. */
      httpPort?: number;
    }
);

export interface SlackApp {
  readonly app: App;
  readonly mode: 'http' | 'socket';
  /** Verifies the token (auth.test) and starts receiving: HTTP on `port`, or the Socket Mode connection. */
  start(port: number, host?: string): Promise<Server | undefined>;
  stop(): Promise<void>;
}

function receiverFor(options: SlackAppOptions, deps: SlackDeps): Receiver {
  const logger = slackLogger(deps.logger, 'slack-receiver');
  const customRoutes = options.customRoutes ?? [];
  if (options.mode === 'socket') {
    return new SocketModeReceiver({
      appToken: options.appToken,
      logger,
      customRoutes,
      installerOptions: {
        ...(options.httpPort !== undefined ? { port: options.httpPort } : {}),
        ...(options.apiUrl ? { clientOptions: { slackApiUrl: options.apiUrl } } : {}),
      },
    });
  }
  const oauth = options.oauth;
  // Requests that are unsigned, forged or older than five minutes are refused (401) before any listener.
  return new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: SLACK_EVENTS_PATH,
    processBeforeResponse: options.processBeforeResponse ?? false,
    customRoutes,
    logger,
    ...(oauth
      ? {
          clientId: oauth.clientId,
          clientSecret: oauth.clientSecret,
          stateSecret: oauth.stateSecret,
          installationStore: oauth.installationStore,
          scopes: oauth.scopes,
          ...(oauth.redirectUri ? { redirectUri: oauth.redirectUri } : {}),
          installerOptions: {
            installPath: SLACK_INSTALL_PATH,
            redirectUriPath: SLACK_OAUTH_REDIRECT_PATH,
            // The install page goes straight to Slack's authorize page (no intermediate "Add to Slack" page).
            directInstall: true,
            stateVerification: true,
            ...(oauth.authorizationUrl ? { authorizationUrl: oauth.authorizationUrl } : {}),
            ...(options.apiUrl ? { clientOptions: { slackApiUrl: options.apiUrl } } : {}),
          },
        }
      : {}),
  });
}

/**
 * The Triad Slack app: Bolt with one listener per file, every inbound request claimed once in Postgres
 * (retries and double clicks do nothing twice), every request that expects an answer answered at once even
 * when no listener knows it, and an error handler that logs codes, never payloads.
 */
export function createSlackApp(options: SlackAppOptions, deps: SlackDeps): SlackApp {
  const receiver = receiverFor(options, deps);
  if (!options.botToken && !options.oauth) throw new Error('Slack needs a bot token or OAuth options');
  if (options.oauth && options.mode !== 'http') throw new Error('Slack distribution mode runs in HTTP mode');
  const app = new App({
    ...(options.oauth ? {} : { token: options.botToken }),
    receiver,
    ...(options.mode === 'socket' ? { socketMode: true, appToken: options.appToken } : {}),
    logger: slackLogger(deps.logger, 'slack'),
    deferInitialization: true,
    clientOptions: {
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      // A person is waiting: a couple of quick retries, never Slack's default half hour of backoff.
      retryConfig: { retries: 2, factor: 1, minTimeout: 100, maxTimeout: 500 },
      timeout: 2_500,
    },
  });
  // What no listener is registered for is answered first, without the database; then retries are dropped.
  const routes = listenerRoutes();
  // What the core calls while a request runs (the directory's users.info) uses this request's workspace client.
  app.use(({ client, next }) => runWithRequestClient(client, next));
  app.use(answerUnknownRequests(deps, routes));
  app.use(dedupeRequests(deps));
  registerListeners(app, deps, routes);
  app.error(async (error) => {
    const original = (error as { original?: unknown }).original;
    deps.logger.error(
      {
        code: error.code,
        err: original instanceof Error ? original.name : error.name,
        errCode: (original as { code?: unknown } | undefined)?.code,
      },
      'Slack listener failed',
    );
  });
  return {
    app,
    mode: options.mode,
    async start(port, host) {
      await app.init();
      if (options.mode === 'socket') {
        await app.start();
        return undefined;
      }
      return (await app.start({ port, ...(host ? { host } : {}) })) as unknown as Server;
    },
    stop: () => app.stop() as Promise<void>,
  };
}
