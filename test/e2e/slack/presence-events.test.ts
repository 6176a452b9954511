import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackHarness, startSlackHarness } from './slack-harness.js';

const HR = 'U0HR000001';
const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const COACH = 'U0COACH001';

let h: SlackHarness;

const rowsOf = (user: string) =>
  h.database.sql<Record<string, unknown>[]>`select * from presence_records where platform_user_id = ${user}`;

beforeAll(async () => {
  h = await startSlackHarness({
    users: [
      { id: HR, name: 'harper' },
      { id: CLIENT, name: 'jane', tz: 'Europe/London' },
      { id: SPONSOR, name: 'sam' },
      { id: COACH, name: 'kim' },
    ],
  });
  await h.command(HR, `start client:<@${CLIENT}> sponsor:<@${SPONSOR}> coach:<@${COACH}>`);
  await h.drain();
});

afterAll(async () => {
  await h?.close();
});

/** Slack's signed event for a member's status change (the shape the Events API documents). */
async function statusChanged(user: string, profile: Record<string, unknown>, eventTs: number) {
  const response = await h.event(
    {
      type: 'user_status_changed',
      user: { id: user, team_id: h.fake.identity.teamId, name: 'someone', profile },
      cache_ts: eventTs,
      event_ts: `${eventTs}.000100`,
    },
    `Ev${randomUUID()}`,
  );
  expect(response.status).toBe(200);
}

async function dndUpdated(user: string, dnd: Record<string, unknown>, eventTs: number) {
  const response = await h.event(
    { type: 'dnd_updated_user', user, dnd_status: dnd, event_ts: `${eventTs}.000200` },
    `Ev${randomUUID()}`,
  );
  expect(response.status).toBe(200);
}

describe('Slack presence events keep the stored presence of the clients Triad prompts', () => {
  it('stores what a status change means (away, until when), never its text, and not for anyone else', async () => {
    const canary = `CANARY-${randomUUID()}`;
    const at = Math.floor(Date.now() / 1000);
    await statusChanged(
      CLIENT,
      { status_text: `Out of office ${canary}`, status_emoji: ':palm_tree:', status_expiration: at + 7200 },
      at,
    );
    await statusChanged(SPONSOR, { status_text: `On vacation ${canary}`, status_emoji: ':palm_tree:' }, at);

    const [row] = await rowsOf(CLIENT);
    expect(row).toMatchObject({
      status_away: true,
      status_expires_at: new Date((at + 7200) * 1000),
      status_seen_at: new Date(at * 1000),
      dnd_seen_at: null,
    });
    // The sponsor is no client Triad prompts: nothing is kept of them.
    expect(await rowsOf(SPONSOR)).toEqual([]);
    const everything = await h.database.sql`select * from presence_records`;
    expect(JSON.stringify(everything)).not.toMatch(/office|vacation|CANARY|palm_tree/i);
    expect(h.logLines.join('\n')).not.toContain(canary);

    // Back at work: a newer event clears it; an older one arriving late changes nothing.
    await statusChanged(
      CLIENT,
      { status_text: 'Focusing', status_emoji: ':headphones:', status_expiration: 0 },
      at + 60,
    );
    await statusChanged(
      CLIENT,
      { status_text: 'Vacation', status_emoji: ':palm_tree:', status_expiration: 0 },
      at + 30,
    );
    expect((await rowsOf(CLIENT))[0]).toMatchObject({ status_away: false, status_expires_at: null });
  });

  it('stores a Do Not Disturb change with its window', async () => {
    const at = Math.floor(Date.now() / 1000) + 120;
    await dndUpdated(
      CLIENT,
      { dnd_enabled: true, next_dnd_start_ts: at - 60, next_dnd_end_ts: at + 3600 },
      at,
    );

    expect((await rowsOf(CLIENT))[0]).toMatchObject({
      dnd_enabled: true,
      dnd_start_at: new Date((at - 60) * 1000),
      dnd_end_at: new Date((at + 3600) * 1000),
      dnd_seen_at: new Date(at * 1000),
      status_away: false,
    });
  });
});
