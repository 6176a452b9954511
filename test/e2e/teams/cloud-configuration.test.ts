import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../../bin/config/app.config.js';
import { wireTeams } from '../../../bin/wire-teams.js';
import { APP_ID, APP_PASSWORD, TENANT_ID } from '../../adapters/teams/support/teams-fakes.js';
import { manualClock } from '../../support/core-deps.js';
import { inboundActivity, postActivity } from '../../support/fake-bot-connector/index.js';
import { type Person, startTeamsHarness, type TeamsHarness } from './teams-harness.js';

let h: TeamsHarness;
let hr: Person;
let publicCloudApp: Server;
let publicCloudUrl: string;

beforeAll(async () => {
  h = await startTeamsHarness(manualClock(new Date()));
  hr = h.people.hr;
  // The same app and credentials, configured for the public cloud: no endpoint points at the stand-ins.
  const config = parseAppConfig({
    TRIAD_ENCRYPTION_KEYS: `k:${Buffer.alloc(32, 3).toString('base64')}`,
    TEAMS_APP_ID: APP_ID,
    TEAMS_APP_PASSWORD: APP_PASSWORD,
    TEAMS_APP_TENANT_ID: TENANT_ID,
    TEAMS_CLOUD: 'public',
  });
  const wiring = wireTeams(config, h.core);
  if (!wiring) throw new Error('Teams was not wired');
  publicCloudApp = createServer((req, res) => {
    wiring.endpoint(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => publicCloudApp.listen(0, '127.0.0.1', resolve));
  publicCloudUrl = `http://127.0.0.1:${(publicCloudApp.address() as AddressInfo).port}/api/messages`;
});

afterAll(async () => {
  publicCloudApp?.closeAllConnections();
  await new Promise<void>((resolve) => (publicCloudApp ? publicCloudApp.close(() => resolve()) : resolve()));
  await h?.close();
});

const listCommand = () =>
  inboundActivity(h.teams.fake, {
    conversationId: h.chatOf(hr).id,
    fromUserId: hr.user.id,
    botAppId: APP_ID,
    text: 'list',
  });

describe('the Teams side pointed at local stand-ins by configuration alone', () => {
  it('accepts an activity signed by the stand-in channel and replies at the fake Bot Connector with a token from the stand-in Entra ID', async () => {
    const result = await h.post(listCommand());

    expect(result.status).toBe(200);
    const [reply] = h.teams.fake.activitiesIn(h.chatOf(hr).id);
    expect(JSON.stringify(reply?.activity)).toContain('There are no engagements to show.');
    expect(h.teams.tokens.claimsOf(reply?.authorization ?? '')).toMatchObject({
      appid: APP_ID,
      tid: TENANT_ID,
    });
    expect(h.teams.tokens.tokenRequests).toContainEqual(
      expect.objectContaining({ tenant: TENANT_ID, clientId: APP_ID, granted: true }),
    );
  });

  it('refuses the stand-in’s token when the app is configured for the public cloud (another issuer and keys); Triad does nothing', async () => {
    const before = await h.snapshot();
    const sent = h.teams.fake.activities.length;

    const result = await postActivity(publicCloudUrl, listCommand(), {
      authorization: `Bearer ${h.teams.channelToken()}`,
    });

    expect(result.status).toBe(401);
    expect(h.teams.fake.activities).toHaveLength(sent);
    expect(await h.snapshot()).toEqual(before);
  });
});
