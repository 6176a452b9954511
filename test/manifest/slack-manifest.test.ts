import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App, webApi } from '@slack/bolt';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { registerListeners } from '../../adapters/slack/listeners/index.js';
import { SLACK_EVENTS_PATH } from '../../adapters/slack/slack-app.js';
import type { SlackDeps } from '../../adapters/slack/slack-deps.js';
import {
  EVENT_SCOPES,
  METHOD_SCOPES,
  ORG_WIDE_EVENTS,
  SLACK_BOT_SCOPES,
} from '../../adapters/slack/slack-requirements.js';
import { slackManifest } from '../../manifest/slack.manifest.js';

type Manifest = webApi.AppsManifestCreateArguments['manifest'];

const root = fileURLToPath(new URL('../../', import.meta.url));
const json = JSON.parse(readFileSync(join(root, 'manifest/slack.json'), 'utf8')) as unknown;

/** What the adapter registers with Bolt, recorded by a stand-in app. */
function registered() {
  const seen = { commands: [] as string[], events: [] as string[], messages: 0, actions: 0, views: 0 };
  const app = {
    command: (name: string) => seen.commands.push(name),
    event: (name: string) => seen.events.push(name),
    message: () => {
      seen.messages += 1;
    },
    action: () => {
      seen.actions += 1;
    },
    view: () => {
      seen.views += 1;
    },
    use: () => undefined,
  };
  registerListeners(app as unknown as App, {} as SlackDeps);
  return seen;
}

/** Web API methods the adapter's source calls on a client (`client.chat.postMessage(…)`). */
function calledMethods(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) {
        const source = readFileSync(path, 'utf8');
        for (const match of source.matchAll(/\bclient\.((?:[a-z]+\.)+[a-zA-Z]+)\(/g))
          found.add(match[1] as string);
        // The WebClient's upload helper calls these two methods around the upload itself.
        if (/\bclient\.filesUploadV2\(/.test(source)) {
          found.add('files.getUploadURLExternal');
          found.add('files.completeUploadExternal');
        }
      }
    }
  };
  walk(join(root, 'adapters/slack'));
  return found;
}

describe('the Slack app manifest', () => {
  it('is typed by the apps.manifest.* arguments of @slack/web-api, and the JSON is that object', () => {
    const typed: Manifest = slackManifest;
    expectTypeOf(slackManifest).toExtend<Manifest>();
    expect(json).toEqual(JSON.parse(JSON.stringify(typed)));
  });

  it('grants exactly the scopes of the Web API methods the code calls and the events it hears, plus commands', () => {
    const called = calledMethods();
    const known = new Set(Object.keys(METHOD_SCOPES));
    expect([...called].filter((m) => !known.has(m))).toEqual([]);
    // auth.test is Bolt's own call at start-up; every other listed method is called by our code.
    expect([...known].filter((m) => m !== 'auth.test' && !called.has(m))).toEqual([]);
    const events = slackManifest.settings.event_subscriptions.bot_events;
    const needed = new Set<string>([
      'commands',
      ...[...called].flatMap((m) => [...METHOD_SCOPES[m as keyof typeof METHOD_SCOPES]]),
      ...events.flatMap((e) => [...EVENT_SCOPES[e]]),
    ]);
    expect([...(slackManifest.oauth_config.scopes.bot ?? [])].sort()).toEqual([...needed].sort());
    expect(slackManifest.oauth_config.scopes.bot).toEqual(SLACK_BOT_SCOPES);
  });

  it('declares the slash commands, events and interactivity the listeners handle, and nothing more', () => {
    const seen = registered();
    expect(slackManifest.features.slash_commands.map((c) => c.command)).toEqual(seen.commands);
    const events = [...seen.events, ...(seen.messages > 0 ? ['message.im'] : [])];
    // The org-wide events (team_access_granted) are subscribed by the distribution manifest only.
    const declared = [...slackManifest.settings.event_subscriptions.bot_events, ...ORG_WIDE_EVENTS];
    expect(declared.sort()).toEqual(events.sort());
    expect(slackManifest.settings.interactivity.is_enabled).toBe(seen.actions + seen.views > 0);
    expect(slackManifest.features.app_home.home_tab_enabled).toBe(events.includes('app_home_opened'));
  });

  it('sends everything to the one Bolt endpoint, with escaped mentions for the command parser', () => {
    const urls = [
      slackManifest.settings.event_subscriptions.request_url,
      slackManifest.settings.interactivity.request_url,
      ...slackManifest.features.slash_commands.map((c) => c.url),
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(slackManifest.features.slash_commands.every((c) => c.should_escape)).toBe(true);
    expect(typeof slackManifest.settings.socket_mode_enabled).toBe('boolean');
  });
});
