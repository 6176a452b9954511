import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIELD_ACTION } from '../../../adapters/slack/render/form.js';
import { START_CALLBACK } from '../../../adapters/slack/views/start-engagement.modal.js';
import { type SlackHarness, startSlackHarness } from '../../e2e/slack/slack-harness.js';
import { slashCommandBody } from '../../support/slack-signing.js';

const HR = 'U0HR000001';
const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const COACH = 'U0COACH001';
const COACH2 = 'U0COACH002';
const OTHER = 'U0OTHER001';

let h: SlackHarness;

beforeAll(async () => {
  h = await startSlackHarness({
    users: [
      { id: HR, name: 'harper', tz: 'Europe/London' },
      { id: CLIENT, name: 'jane', tz: 'Europe/London' },
      { id: SPONSOR, name: 'sam', tz: 'America/New_York' },
      { id: COACH, name: 'kim', tz: 'Asia/Tokyo' },
      { id: COACH2, name: 'lee', tz: 'Europe/Berlin' },
      { id: OTHER, name: 'otto' },
      { id: 'U0ROBOT001', name: 'robo', is_bot: true },
      { id: 'U0GONE0001', name: 'gone', deleted: true },
      { id: 'U0SINGLE01', name: 'sol', guest: 'single_channel' },
    ],
  });
});

afterAll(async () => {
  expect(h.fake.internalErrors).toEqual([]);
  expect(h.fake.unexpectedCalls).toEqual([]);
  await h.close();
});

const replyOf = (replies: unknown[]) => JSON.stringify(replies);
const start = `start client:<@${CLIENT}|jane> sponsor:<@${SPONSOR}> coach:<@${COACH}>`;

describe('/coaching for HR', () => {
  let before: Record<string, number>;
  beforeEach(async () => {
    before = await h.counts();
  });

  it.each([
    ['start sponsor:<@U0SPONSOR1> coach:<@U0COACH001>', 'Name the client'],
    [`start client:<@${CLIENT}> coach:<@${COACH}>`, 'Name the sponsor'],
    [`start client:<@${CLIENT}> sponsor:<@${SPONSOR}>`, 'Name at least one coach'],
    [
      `start client:<@U0NOBODY01> sponsor:<@${SPONSOR}> coach:<@${COACH}>`,
      "I can't find the client (U0NOBODY01)",
    ],
    [
      `start client:<@U0GONE0001> sponsor:<@${SPONSOR}> coach:<@${COACH}>`,
      "I can't find the client (U0GONE0001)",
    ],
    [`start client:<@${CLIENT}> sponsor:<@${CLIENT}> coach:<@${COACH}>`, 'must be different people'],
    [`start client:<@${CLIENT}> sponsor:<@${SPONSOR}> coach:<@U0ROBOT001>`, 'is a bot. Choose a person.'],
    [
      `start client:<@${CLIENT}> sponsor:<@${SPONSOR}> coach:<@U0SINGLE01>`,
      'sol is a single-channel guest of this workspace, and the coach must be in two channels',
    ],
    [
      `start client:<@${CLIENT}> sponsor:<@${SPONSOR}> coach:<@U0SINGLE01>`,
      'Ask a workspace admin to make sol a multi-channel guest or a full member',
    ],
    [`${start} weeks:2`, 'weeks must be between 4 and 52.'],
    [`${start} weeks:53`, 'weeks must be between 4 and 52.'],
    [`${start} cadence:daily`, 'cadence must be `weekly` or `fortnightly`.'],
    ['begin', "I don't know the command `begin`."],
    [`${start} ${'x'.repeat(1100)}`, 'Triad reads at most 1000.'],
    ['start client:@jane sponsor:@sam coach:@kim', "I couldn't read `@jane` as a Slack user for the client."],
  ])('answers `%s` specifically and changes nothing', async (text, answer) => {
    const { status, replies } = await h.command(HR, text);
    expect(status).toBe(200);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(replyOf(replies)).toContain(answer);
    expect(await h.counts()).toEqual(before);
  });

  it('refuses a start from someone who is not HR, creating nothing', async () => {
    const { replies } = await h.command(OTHER, start);
    expect(replyOf(replies)).toContain('Only HR programme owners can do that.');
    expect(await h.counts()).toEqual(before);
  });

  it('rejects unsigned, stale and forged requests before anything runs', async () => {
    const body = slashCommandBody({
      command: '/coaching',
      text: start,
      user_id: HR,
      response_url: h.sink.urlFor('x'),
    });
    const unsigned = await fetch(h.endpoint, {
      method: 'POST',
      headers: { 'content-type': body.contentType },
      body: body.body,
    });
    expect(unsigned.status).toBe(401);
    expect((await h.post(body, { timestamp: Math.floor(Date.now() / 1000) - 301 })).status).toBe(401);
    expect((await h.post(body, { secret: 'forged-secret' })).status).toBe(401);
    expect(h.sink.postsTo('x')).toEqual([]);
    expect(await h.counts()).toEqual(before);
  });

  it('shows help', async () => {
    const { replies } = await h.command(HR, 'help');
    expect(replyOf(replies)).toContain('/coaching start client:@jane');
  });

  it('starts an engagement once, whoever repeats the command', async () => {
    const { replies } = await h.command(HR, start);
    expect(replyOf(replies)).toContain('started for jane');
    const again = await h.command(HR, start);
    expect(replyOf(again.replies)).toContain('jane already has an active coaching engagement.');
    const after = await h.counts();
    expect(after.engagements).toBe((before.engagements ?? 0) + 1);
    expect(h.deps.core.scheduler.delivered.length).toBeGreaterThan(0);
  });

  it('lists, shows, pauses, resumes and reassigns by client or id, answering ephemerally', async () => {
    const listed = await h.command(HR, 'list');
    expect(replyOf(listed.replies)).toContain('jane');
    const [row] = await h.database.sql<
      { id: string }[]
    >`select id from engagements order by started_at limit 1`;
    const shortId = (row?.id ?? '').slice(0, 8);
    expect(replyOf((await h.command(HR, `status ${shortId}`)).replies)).toContain('jane');
    expect(replyOf((await h.command(HR, `pause <@${CLIENT}>`)).replies)).toMatch(/paused/i);
    expect(replyOf((await h.command(HR, `pause <@${CLIENT}>`)).replies)).toContain('already paused');
    expect(replyOf((await h.command(HR, `resume ${shortId}`)).replies)).toMatch(/resumed/i);
    expect(replyOf((await h.command(HR, `reassign <@${CLIENT}> coach:<@${COACH2}>`)).replies)).toContain(
      'lee',
    );
    expect(replyOf((await h.command(OTHER, 'list')).replies)).toContain(
      'Only HR programme owners can do that.',
    );
  });

  it('opens the start form with no arguments, and the form starts the same engagement', async () => {
    const { replies } = await h.command(HR, 'start');
    expect(replies).toEqual([]);
    const modal = h.fake.views.find((v) => v.callback_id === START_CALLBACK);
    expect(modal?.fake.via).toBe('views.open');
    const metadata = modal?.private_metadata ?? '';

    const sameTwice = await h.submit({
      user_id: HR,
      callback_id: START_CALLBACK,
      private_metadata: metadata,
      values: {
        client: { [FIELD_ACTION]: { type: 'users_select', selected_user: OTHER } },
        sponsor: { [FIELD_ACTION]: { type: 'users_select', selected_user: OTHER } },
        coaches: { [FIELD_ACTION]: { type: 'multi_users_select', selected_users: [COACH] } },
      },
    });
    expect(JSON.parse(sameTwice.body)).toMatchObject({ response_action: 'errors' });
    expect(await h.counts()).toEqual(before);

    const submitted = await h.submit({
      user_id: HR,
      callback_id: START_CALLBACK,
      private_metadata: metadata,
      values: {
        client: { [FIELD_ACTION]: { type: 'users_select', selected_user: OTHER } },
        sponsor: { [FIELD_ACTION]: { type: 'users_select', selected_user: SPONSOR } },
        coaches: { [FIELD_ACTION]: { type: 'multi_users_select', selected_users: [COACH, COACH2] } },
        weeks: { [FIELD_ACTION]: { type: 'number_input', value: '8' } },
        cadence: { [FIELD_ACTION]: { type: 'static_select', selected_option: { value: 'fortnightly' } } },
      },
    });
    expect(submitted.status).toBe(200);
    const answer = JSON.stringify(h.sink.posts.at(-1)?.body);
    expect(answer).toContain('started for otto');
    expect(answer).toContain('8 weeks, fortnightly');
    expect((await h.counts()).engagements).toBe((before.engagements ?? 0) + 1);
  });
});
