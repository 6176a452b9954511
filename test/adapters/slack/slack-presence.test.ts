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
});
