import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../support/core-deps.js';
import { blockActionsPayload, eventBody, interactionBody } from '../../support/slack-signing.js';
import { type CoachingEngagement, startCoaching } from './coaching-setup.js';
import { type SlackHarness, startSlackHarness } from './slack-harness.js';
import { click, ephemeralControls, findControl, submitForm, typed } from './slack-walk.js';

const HR = 'U0HR000001';
const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const COACH = 'U0COACH001';

const clock = manualClock(new Date());
let h: SlackHarness;
let setup: CoachingEngagement;

const count = async (query: Promise<{ n: number }[]>) => (await query)[0]?.n ?? 0;
const answers = () =>
  count(h.database.sql`select count(*)::int as n from private_entries where kind = 'reflection_answer'`);
const outbox = () => count(h.database.sql`select count(*)::int as n from outbox`);

beforeAll(async () => {
  h = await startSlackHarness({
    clock,
    users: [
      { id: HR, name: 'harper' },
      { id: CLIENT, name: 'jane', tz: 'Europe/London' },
      { id: SPONSOR, name: 'sam' },
      { id: COACH, name: 'kim' },
    ],
  });
  setup = await startCoaching(h, clock, { hr: HR, client: CLIENT, sponsor: SPONSOR, coach: COACH });
  await setup.issuePrompt();
});

afterAll(async () => {
  await h?.close();
});

describe('Slack re-deliveries, double clicks and repeated submissions do things once', () => {
  it('an event Slack re-delivers (X-Slack-Retry-Num) is handled once', async () => {
    const message = h.fake.postAsUser({ channel: CLIENT, user: CLIENT, text: 'typed once' });
    const event = {
      type: 'message',
      channel: message.channel,
      channel_type: 'im',
      user: CLIENT,
      text: 'typed once',
      ts: message.ts,
    };
    const eventId = `Ev${randomUUID()}`;
    const body = eventBody(event, { event_id: eventId });
    expect((await h.post(body)).status).toBe(200);
    const before = await outbox();
    const ephemerals = h.fake.ephemeralsTo(CLIENT).length;
    expect((await h.post(body, { retryNum: 1 })).status).toBe(200);
    expect((await h.post(body, { retryNum: 2 })).status).toBe(200);
    expect(await answers()).toBe(1);
    expect(await outbox()).toBe(before);
    expect(h.fake.ephemeralsTo(CLIENT)).toHaveLength(ephemerals);
  });

  it('the same message delivered under a new event id (a second Slack retry path) adds nothing', async () => {
    const [stored] = await h.database.sql<{ version: number }[]>`
      select version from private_entries where kind = 'reflection_answer'`;
    const message = h.fake
      .messagesIn(CLIENT)
      .filter((m) => m.user === CLIENT)
      .at(-1);
    const event = {
      type: 'message',
      channel: message?.channel,
      channel_type: 'im',
      user: CLIENT,
      text: message?.text,
      ts: message?.ts,
    };
    expect((await h.post(eventBody(event))).status).toBe(200);
    const [after] = await h.database.sql<{ version: number }[]>`
      select version from private_entries where kind = 'reflection_answer'`;
    expect(after?.version).toBe(stored?.version);
  });

  it('a re-submitted modal (same view and hash) saves once', async () => {
    await click(h, CLIENT, findControl(h, CLIENT, 'reflection.answer'));
    const view = h.fake.views.filter((v) => v.callback_id === 'reflection.answer').at(-1);
    await submitForm(h, CLIENT, 'reflection.answer', { answer: typed('a considered answer') });
    const [first] = await h.database.sql<{ version: number }[]>`
      select version from private_entries where kind = 'reflection_answer'`;
    const again = await h.submit({
      user_id: CLIENT,
      callback_id: 'reflection.answer',
      view_id: view?.id ?? '',
      hash: view?.hash ?? '',
      private_metadata: view?.private_metadata ?? '',
      values: { answer: typed('a considered answer') },
    });
    expect(again.status).toBe(200);
    const [second] = await h.database.sql<{ version: number }[]>`
      select version from private_entries where kind = 'reflection_answer'`;
    expect(second?.version).toBe(first?.version);
  });

  it('a double-clicked "Share with my coach" posts once in the coaching channel', async () => {
    const share = ephemeralControls(h, CLIENT).find((c) => c.actionId === 'reflection.share_with_coach');
    if (!share) throw new Error('no share button');
    const coaching = setup.coachingChannel();
    const before = h.fake.messagesIn(coaching).length;
    await click(h, CLIENT, share);
    await click(h, CLIENT, share);
    expect(h.fake.messagesIn(coaching)).toHaveLength(before + 1);
  });

  it('the very same click delivered twice is dropped the second time', async () => {
    const snooze = findControl(h, CLIENT, 'reflection.snooze');
    const payload = blockActionsPayload({
      user_id: CLIENT,
      channel_id: snooze.channel,
      message_ts: snooze.ts,
      response_url: h.sink.urlFor('twice'),
      action: { action_id: snooze.actionId, type: snooze.type, value: snooze.value ?? '' },
    });
    await h.post(interactionBody(payload));
    await h.post(interactionBody(payload));
    expect(h.sink.postsTo('twice')).toHaveLength(1);
    const [row] = await h.database.sql<{ n: number }[]>`
      select count(*)::int as n from processed_requests where key like 'slack:action:%'`;
    expect(row?.n).toBeGreaterThan(0);
  });

  it('a repeated /coaching start creates one engagement and says so', async () => {
    const text = `start client:<@${CLIENT}> sponsor:<@${SPONSOR}> coach:<@${COACH}>`;
    const { replies } = await h.command(HR, text);
    expect(JSON.stringify(replies)).toContain('already has an active coaching engagement');
    expect(await count(h.database.sql`select count(*)::int as n from engagements`)).toBe(1);
  });
});
