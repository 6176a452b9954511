import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as webApi from '@slack/web-api';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { SLACK_OAUTH_REDIRECT_PATH } from '../../adapters/slack/slack-app.js';
import { slackDistributionManifest, slackManifest } from '../../manifest/slack.manifest.js';

type Manifest = webApi.AppsManifestCreateArguments['manifest'];

const root = fileURLToPath(new URL('../../', import.meta.url));
const json = JSON.parse(readFileSync(join(root, 'manifest/slack-distribution.json'), 'utf8')) as unknown;

describe('the Slack distribution manifest', () => {
  it('is typed by the apps.manifest.* arguments, and the JSON is that object', () => {
    expectTypeOf(slackDistributionManifest).toExtend<Manifest>();
    expect(json).toEqual(JSON.parse(JSON.stringify(slackDistributionManifest)));
  });

  it('names the OAuth redirect URL, turns on token rotation and org-wide installs, same scopes and events', () => {
    const redirects = slackDistributionManifest.oauth_config.redirect_urls;
    expect(redirects.map((url) => new URL(url).pathname)).toEqual([SLACK_OAUTH_REDIRECT_PATH]);
    expect(slackDistributionManifest.settings.token_rotation_enabled).toBe(true);
    expect(slackDistributionManifest.settings.org_deploy_enabled).toBe(true);
    expect(slackDistributionManifest.oauth_config.scopes).toEqual(slackManifest.oauth_config.scopes);
    expect(slackDistributionManifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['app_uninstalled', 'tokens_revoked', 'team_access_granted']),
    );
    // The single-token manifest keeps a token that never expires (SLACK_BOT_TOKEN).
    expect(slackManifest.settings.token_rotation_enabled).toBe(false);
  });
});
