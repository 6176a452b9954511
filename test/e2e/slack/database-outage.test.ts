import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_ACTION } from '../../../adapters/slack/render/form.js';
import { START_CALLBACK } from '../../../adapters/slack/views/start-engagement.modal.js';
import { type SlackHarness, startSlackHarness } from './slack-harness.js';

const HR = 'U0HR000001';
const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const COACH = 'U0COACH001';

let h: SlackHarness;

/** A local port nothing listens on: connecting to it is refused at once, like a database that is down. */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  h = await startSlackHarness({
    appDatabaseUrl: `postgres://triad:triad@127.0.0.1:${await closedPort()}/triad`,
    users: [
      { id: HR, name: 'harper' },
      { id: CLIENT, name: 'jane' },
      { id: SPONSOR, name: 'sam' },
      { id: COACH, name: 'kim' },
    ],
  });
});

afterAll(async () => {
  await h?.close();
});

const NOTHING_SAVED = 'Nothing was saved: Triad could not reach its database. Please try again in a minute.';

describe('with the database down, Slack users are told nothing was saved', () => {
  it('answers /coaching start with "nothing was saved", and nothing is', async () => {
    const { status, replies } = await h.command(
      HR,
      `start client:<@${CLIENT}> sponsor:<@${SPONSOR}> coach:<@${COACH}>`,
    );
    expect(status).toBe(200);
    expect(JSON.stringify(replies)).toContain(NOTHING_SAVED);
    expect((await h.counts()).engagements).toBe(0);
  });

  it('answers the start form the same way, through the command response_url', async () => {
    await h.command(HR, 'start');
    const modal = h.fake.views.find((v) => v.callback_id === START_CALLBACK);
    const response = await h.submit({
      user_id: HR,
      callback_id: START_CALLBACK,
      private_metadata: modal?.private_metadata ?? '',
      values: {
        client: { [FIELD_ACTION]: { type: 'users_select', selected_user: CLIENT } },
        sponsor: { [FIELD_ACTION]: { type: 'users_select', selected_user: SPONSOR } },
        coaches: { [FIELD_ACTION]: { type: 'multi_users_select', selected_users: [COACH] } },
      },
    });
    expect(response.status).toBe(200);
    expect(JSON.stringify(h.sink.posts.at(-1)?.body)).toContain(NOTHING_SAVED);
  });

  it('shows it on the Home tab instead of failing silently', async () => {
    const response = await h.event({
      type: 'app_home_opened',
      user: CLIENT,
      channel: 'D0X',
      tab: 'home',
      event_ts: '1.0',
    });
    expect(response.status).toBe(200);
    expect(JSON.stringify(h.fake.homeViewOf(CLIENT)?.blocks)).toContain(NOTHING_SAVED);
  });
});
