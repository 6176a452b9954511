import { pathToFileURL } from 'node:url';
import type { webApi } from '@slack/bolt';
import { SLACK_EVENTS_PATH, SLACK_OAUTH_REDIRECT_PATH } from '../adapters/slack/slack-app.js';
import {
  BOT_EVENTS,
  ORG_WIDE_EVENTS,
  SLACK_BOT_SCOPES,
  SLASH_COMMANDS,
} from '../adapters/slack/slack-requirements.js';

type Manifest = webApi.AppsManifestCreateArguments['manifest'];

/** Replace with your host when you create the app (HTTP mode); Socket Mode ignores it. */
export const EXAMPLE_REQUEST_URL = `https://triad.example.com${SLACK_EVENTS_PATH}`;

/**
 * The Slack app manifest, typed against the `apps.manifest.*` arguments of @slack/web-api. `manifest/slack.json`
 * is this object as JSON (regenerate it with `npx tsx manifest/slack.manifest.ts > manifest/slack.json`).
 */
export const slackManifest = {
  _metadata: { major_version: 1, minor_version: 1 },
  display_information: {
    name: 'Triad',
    description:
      'Confidential leadership coaching: client, sponsor, coach and HR, each seeing only their part.',
    long_description:
      'Triad runs leadership-coaching engagements in Slack. HR starts them with /coaching; the client gets a private DM for weekly reflections and goals, the coach and client share a private coaching channel, and the sponsor, client and coach meet in a separate sponsor channel for kickoff and alignment meetings. Nothing the client writes in private reaches the sponsor or HR unless the client releases that exact text after a preview. HR sees lifecycle status only.',
    background_color: '#24324a',
  },
  features: {
    app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
    bot_user: { display_name: 'Triad', always_online: true },
    slash_commands: SLASH_COMMANDS.map((command) => ({
      command,
      url: EXAMPLE_REQUEST_URL,
      description: 'Start and oversee coaching engagements (HR)',
      usage_hint: 'start client:@jane sponsor:@sam coach:@kim | list | status @jane | help',
      should_escape: true,
    })),
  },
  oauth_config: { scopes: { bot: SLACK_BOT_SCOPES } },
  settings: {
    event_subscriptions: { request_url: EXAMPLE_REQUEST_URL, bot_events: [...BOT_EVENTS] },
    interactivity: { is_enabled: true, request_url: EXAMPLE_REQUEST_URL },
    org_deploy_enabled: false,
    socket_mode_enabled: false,
    token_rotation_enabled: false,
  },
} satisfies Manifest;

/** Replace with your host: where Slack sends people back after they approve an install (distribution mode). */
export const EXAMPLE_REDIRECT_URL = `https://triad.example.com${SLACK_OAUTH_REDIRECT_PATH}`;

/**
 * The manifest of one Triad serving many workspaces (distribution mode: SLACK_CLIENT_ID, SLACK_CLIENT_SECRET,
 * SLACK_STATE_SECRET): the OAuth redirect URL, rotating tokens (refreshed before they expire) and org-wide
 * installs on Enterprise Grid. `manifest/slack-distribution.json` is this object as JSON (regenerate it with
 * `npx tsx manifest/slack.manifest.ts --distribution > manifest/slack-distribution.json`). Public distribution
 * itself is switched on in the app settings (Manage Distribution), not in a manifest.
 */
export const slackDistributionManifest = {
  ...slackManifest,
  oauth_config: { redirect_urls: [EXAMPLE_REDIRECT_URL], scopes: { bot: SLACK_BOT_SCOPES } },
  settings: {
    ...slackManifest.settings,
    // Org-wide apps also hear when an enterprise admin grants them more workspaces.
    event_subscriptions: {
      request_url: EXAMPLE_REQUEST_URL,
      bot_events: [...BOT_EVENTS, ...ORG_WIDE_EVENTS],
    },
    org_deploy_enabled: true,
    token_rotation_enabled: true,
  },
} satisfies Manifest;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const manifest = process.argv.includes('--distribution') ? slackDistributionManifest : slackManifest;
  process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
}
