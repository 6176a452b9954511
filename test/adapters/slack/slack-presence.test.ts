import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PresenceRateLimited, SlackPresence } from '../../../adapters/slack/slack-presence.js';
import { createLookupClient } from '../../../adapters/slack/slack-web-client.js';
import { FAKE_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../../support/fake-slack/index.js';

let fake: FakeSlack;
let presence: SlackPresence;
const now = Math.floor(Date.now() / 1000);

beforeEach(async () => {
  fake = await startFakeSlack({
    users: [
      { id: 'U0HERE0001', name: 'here' },
      { id: 'U0SNOOZE01', name: 'snoozer', dnd: { snooze_enabled: true, snooze_endtime: now + 3600 } },
      {
        id: 'U0NIGHT001',
        name: 'night',
        dnd: { dnd_enabled: true, next_dnd_start_ts: now - 60, next_dnd_end_ts: now + 600 },
      },
      {
        id: 'U0LATER001',
        name: 'later',
        dnd: { dnd_enabled: true, next_dnd_start_ts: now + 600, next_dnd_end_ts: now + 900 },
      },
      {
        id: 'U0BEACH001',
        name: 'beach',
        profile: { status_text: 'On vacation until Monday', status_emoji: ':palm_tree:' },
      },
      { id: 'U0PAST0001', name: 'back', profile: { status_text: 'Vacation', status_expiration: now - 10 } },
      { id: 'U0LUNCH001', name: 'lunch', profile: { status_text: 'Lunch', status_emoji: ':sandwich:' } },
    ],
  });
  presence = new SlackPresence(
    createLookupClient({ token: FAKE_BOT_TOKEN, apiUrl: fake.url, logger: pino({ level: 'silent' }) }),
    { now: () => new Date(now * 1000) },
  );
});

afterEach(async () => {
  await fake.close();
});

describe('Slack presence', () => {
  it.each([
    ['U0HERE0001', false],
    ['U0SNOOZE01', true],
    ['U0NIGHT001', true],
    ['U0LATER001', false],
    ['U0BEACH001', true],
    ['U0PAST0001', false],
    ['U0LUNCH001', false],
  ])('%s away: %s', async (user, away) => {
    expect(await presence.isAway(user)).toBe(away);
  });

  it('stops asking Slack while it asks for a pause, so prompts are not held behind the lookup limit', async () => {
    let clock = now * 1000;
    const paced = new SlackPresence(
      createLookupClient({ token: FAKE_BOT_TOKEN, apiUrl: fake.url, logger: pino({ level: 'silent' }) }),
      { now: () => new Date(clock) },
    );
    fake.setFault({ method: 'dnd.info', times: 1, respond: { status: 429, retryAfter: 1 } });

    expect(await paced.isAway('U0HERE0001')).toBe(false);
    await expect(paced.isAway('U0SNOOZE01')).rejects.toBeInstanceOf(PresenceRateLimited);
    const asked = () => fake.calls.filter((c) => c.method === 'dnd.info' && c.args.user === 'U0SNOOZE01');
    expect(asked()).toHaveLength(0);

    clock += 1_000;
    expect(await paced.isAway('U0SNOOZE01')).toBe(true);
    expect(asked()).toHaveLength(1);
  });

  it('looks many people up with one dnd.teamInfo and reads the status only of those asked', async () => {
    const facts = await presence.lookUp({
      dnd: ['U0HERE0001', 'U0NIGHT001', 'U0BEACH001'],
      status: ['U0BEACH001', 'U0PAST0001'],
    });

    expect(fake.callsTo('dnd.teamInfo')).toHaveLength(1);
    expect(fake.callsTo('dnd.info')).toHaveLength(0);
    expect(
      fake
        .callsTo('users.profile.get')
        .map((c) => c.args.user)
        .sort(),
    ).toEqual(['U0BEACH001', 'U0PAST0001']);
    const byId = new Map(facts.map((f) => [f.platformUserId, f]));
    expect(byId.get('U0NIGHT001')?.dnd).toEqual({
      enabled: true,
      startAt: new Date((now - 60) * 1000),
      endAt: new Date((now + 600) * 1000),
    });
    expect(byId.get('U0HERE0001')).toEqual({
      platformUserId: 'U0HERE0001',
      dnd: { enabled: false, startAt: null, endAt: null },
    });
    // Only what the status means leaves the adapter: no text.
    expect(byId.get('U0BEACH001')?.status).toEqual({ away: true, expiresAt: null });
    expect(byId.get('U0PAST0001')?.status).toEqual({ away: true, expiresAt: new Date((now - 10) * 1000) });
    expect(JSON.stringify(facts)).not.toMatch(/vacation|palm_tree/i);
  });

  it('refuses bulk lookups too while Slack asks for a pause after a 429 on dnd.teamInfo', async () => {
    let clock = now * 1000;
    const paced = new SlackPresence(
      createLookupClient({ token: FAKE_BOT_TOKEN, apiUrl: fake.url, logger: pino({ level: 'silent' }) }),
      { now: () => new Date(clock) },
    );
    fake.setFault({ method: 'dnd.teamInfo', times: 1, respond: { status: 429, retryAfter: 1 } });

    await paced.lookUp({ dnd: ['U0HERE0001', 'U0NIGHT001'], status: [] });
    await expect(paced.lookUp({ dnd: ['U0HERE0001', 'U0NIGHT001'], status: [] })).rejects.toBeInstanceOf(
      PresenceRateLimited,
    );
    clock += 1_000;
    expect(await paced.lookUp({ dnd: ['U0HERE0001', 'U0NIGHT001'], status: [] })).toHaveLength(2);
  });
});
