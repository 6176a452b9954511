import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../support/core-deps.js';
import { type CoachingEngagement, startCoaching } from './coaching-setup.js';
import { type SlackHarness, startSlackHarness } from './slack-harness.js';
import { click, ephemeralControls, findControl, submitForm, trafficTo, typed } from './slack-walk.js';

const HR = 'U0HR000001';
const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const COACH = 'U0COACH001';
const STRANGER = 'U0STRANGER';
const DAY = 86_400_000;

const clock = manualClock(new Date());
let h: SlackHarness;
let setup: CoachingEngagement;

const coaching = () => {
  const channel = h.fake.conversations.get(setup.coachingChannel());
  if (!channel) throw new Error('no coaching channel');
  return channel;
};

/** Someone in the workspace adds (or removes) a person in the coaching channel; Slack sends the signed event. */
async function memberEvent(type: 'member_joined_channel' | 'member_left_channel', user: string) {
  const channel = coaching();
  channel.members =
    type === 'member_joined_channel' ? [...channel.members, user] : channel.members.filter((m) => m !== user);
  const response = await h.event(
    { type, user, channel: channel.id, channel_type: 'G', team: h.fake.identity.teamId, event_ts: '1.0' },
    `Ev${randomUUID()}`,
  );
  expect(response.status).toBe(200);
  await h.drain();
}

/** The client answers this week's prompt in the modal and shares the answer with the coach. */
async function shareAnswer(text: string) {
  await setup.issuePrompt();
  await click(h, CLIENT, findControl(h, CLIENT, 'reflection.answer'));
  await submitForm(h, CLIENT, 'reflection.answer', { answer: typed(text) });
  const share = ephemeralControls(h, CLIENT).find((c) => c.actionId === 'reflection.share_with_coach');
  if (!share) throw new Error('no share button');
  await click(h, CLIENT, share);
}

const held = () =>
  h.database.sql<{ id: string }[]>`
    select id from outbox where status = 'pending' and last_error_code = 'space_has_strangers'`;

beforeAll(async () => {
  h = await startSlackHarness({
    clock,
    users: [
      { id: HR, name: 'harper' },
      { id: CLIENT, name: 'jane', tz: 'Europe/London' },
      { id: SPONSOR, name: 'sam' },
      { id: COACH, name: 'kim' },
      { id: STRANGER, name: 'eve' },
    ],
  });
  setup = await startCoaching(h, clock, { hr: HR, client: CLIENT, sponsor: SPONSOR, coach: COACH });
});

afterAll(async () => {
  await h?.close();
});

describe('a stranger in the Slack coaching channel', () => {
  it('gets nothing private: the client is told in their DM, HR is alerted without content, the share waits', async () => {
    const canary = `CANARY-${randomUUID()}`;
    await memberEvent('member_joined_channel', STRANGER);
    const dm = JSON.stringify(h.fake.messagesIn(setup.dm));
    expect(dm).toContain('not part of your coaching was added to your coaching space');
    expect(JSON.stringify(h.fake.messagesIn(HR))).toContain(
      'outside the engagement of jane joined its coaching space',
    );

    await shareAnswer(`I avoid conflict ${canary}`);
    expect(trafficTo(h, new Set([coaching().id]))).not.toContain(canary);
    expect(await held()).toHaveLength(1);
    expect(h.fake.allOutboundText().join('\n').split(canary).length - 1).toBe(0);
    // Told once per stranger: the same join reported again adds no second notice.
    const notices = h.fake.messagesIn(HR).length;
    await memberEvent('member_joined_channel', STRANGER);
    expect(h.fake.messagesIn(HR)).toHaveLength(notices);

    await memberEvent('member_left_channel', STRANGER);
    expect(trafficTo(h, new Set([coaching().id]))).toContain(canary);
    expect(await held()).toHaveLength(0);
    expect(JSON.stringify(h.fake.messagesIn(HR))).not.toContain(canary);
  });

  it('is found before posting even when Slack sent no event, once the cached members are stale', async () => {
    const canary = `CANARY-${randomUUID()}`;
    const notices = () =>
      h.fake
        .messagesIn(setup.dm)
        .filter((m) => JSON.stringify(m).includes('stopped posting anything private'));
    const before = notices().length;
    coaching().members.push(STRANGER);
    // A week on: next week's prompt, and members cached longer ago than they are trusted.
    clock.advance(7 * DAY);
    await shareAnswer(`I over-prepare ${canary}`);
    expect(trafficTo(h, new Set([coaching().id]))).not.toContain(canary);
    expect(await held()).toHaveLength(1);
    expect(notices()).toHaveLength(before + 1);
  });

  it('leaves a held message that a delivery batch is trying as the stranger leaves to that batch', async () => {
    const [entry] = await held();
    if (!entry) throw new Error('no held message');
    // Its next look came: a batch (another worker) claimed it and is checking and sending it right now.
    const lease = new Date(clock.now().getTime() + 30_000);
    await h.database.sql`
      update outbox set claim_token = ${randomUUID()}, attempts = attempts + 1, available_at = ${lease}
      where id = ${entry.id}`;
    await memberEvent('member_left_channel', STRANGER);
    // Not made due under the batch's feet (another batch would claim and send it too): its lease stands.
    const [row] = await h.database.sql<
      { available_at: Date }[]
    >`select available_at from outbox where id = ${entry.id}`;
    expect(row?.available_at).toEqual(lease);
  });
});
