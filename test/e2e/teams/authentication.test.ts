import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../../bin/config/app.config.js';
import { wireTeams } from '../../../bin/wire-teams.js';
import { APP_ID } from '../../adapters/teams/support/teams-fakes.js';
import { createSigningKey } from '../../support/bot-framework-tokens.js';
import { createTestCore, manualClock } from '../../support/core-deps.js';
import { inboundActivity } from '../../support/fake-bot-connector/index.js';
import { type Person, startTeamsHarness, type TeamsHarness } from './teams-harness.js';

let h: TeamsHarness;
let hr: Person;

beforeAll(async () => {
  h = await startTeamsHarness(manualClock(new Date()));
  hr = h.people.hr;
});

afterAll(async () => {
  await h?.close();
});

const startCommand = () =>
  inboundActivity(h.teams.fake, {
    conversationId: h.chatOf(hr).id,
    fromUserId: hr.user.id,
    botAppId: APP_ID,
    text: 'list',
  });

const claims = () => ({ appId: APP_ID, serviceUrl: h.teams.fake.serviceUrl });

describe('/api/messages with the app’s credentials configured', () => {
  it.each([
    ['no token', () => null],
    [
      'a token signed with a key the channel does not publish',
      () => h.teams.tokens.issueChannelToken({ ...claims(), signingKey: createSigningKey() }),
    ],
    [
      'a forged signature under the published key id',
      () =>
        h.teams.tokens.issueChannelToken({
          ...claims(),
          signingKey: createSigningKey(),
          kid: h.teams.tokens.signingKey.kid,
        }),
    ],
    [
      'a token for another bot',
      () => h.teams.tokens.issueChannelToken({ ...claims(), audience: 'another-bot' }),
    ],
    [
      'a token for another service URL',
      () => h.teams.tokens.issueChannelToken({ ...claims(), serviceUrl: 'http://127.0.0.1:9/evil/' }),
    ],
    [
      'a token from another issuer',
      () => h.teams.tokens.issueChannelToken({ ...claims(), issuer: 'https://evil.example' }),
    ],
    ['an expired token', () => h.teams.tokens.issueChannelToken({ ...claims(), expiresInSeconds: -3600 })],
  ])('rejects %s with 401; Triad does nothing', async (_case, token) => {
    const before = await h.snapshot();
    const issued = token();

    const result = await h.post(startCommand(), { authorization: issued ? `Bearer ${issued}` : null });

    expect(result.status).toBe(401);
    expect(h.teams.fake.activities).toEqual([]);
    expect(await h.snapshot()).toEqual(before);
  });

  it('accepts the channel’s token and answers in the sender’s chat with the bot’s own token', async () => {
    const result = await h.post(startCommand());

    expect(result.status).toBe(200);
    const [reply] = h.teams.fake.activitiesIn(h.chatOf(hr).id);
    expect(JSON.stringify(reply?.activity)).toContain('There are no engagements to show.');
    expect(h.teams.tokens.claimsOf(reply?.authorization ?? '')).toMatchObject({ appid: APP_ID });
  });

  it.each([
    ['GET', undefined, 405],
    ['POST', 'not json', 400],
    ['POST', JSON.stringify([1, 2]), 400],
    ['POST', JSON.stringify({ text: 'x'.repeat(600 * 1024) }), 413],
  ])('answers %s with body %#: %i', async (method, body, status) => {
    const response = await fetch(h.url, {
      method,
      ...(body !== undefined ? { body, headers: { 'Content-Type': 'application/json' } } : {}),
    });
    expect(response.status).toBe(status);
  });
});

describe('wiring Teams from configuration', () => {
  const key = randomBytes(32).toString('base64');

  it('leaves Teams out when TEAMS_APP_ID is not set', () => {
    const config = parseAppConfig({ TRIAD_ENCRYPTION_KEYS: `k:${key}` });
    expect(wireTeams(config, createTestCore())).toBeUndefined();
  });

  it('builds the endpoint and the messenger from TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_APP_TENANT_ID', () => {
    const config = parseAppConfig({
      TRIAD_ENCRYPTION_KEYS: `k:${key}`,
      TEAMS_APP_ID: APP_ID,
      TEAMS_APP_PASSWORD: 'secret',
      TEAMS_APP_TENANT_ID: h.teams.fake.tenantId,
      TEAMS_APP_TYPE: 'SingleTenant',
    });
    const wired = wireTeams(config, createTestCore());
    expect(typeof wired?.endpoint).toBe('function');
    expect(wired?.messenger.platform).toBe('teams');
  });
});
