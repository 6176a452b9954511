import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoaching } from '../e2e/slack/coaching-setup.js';
import { type SlackHarness, startSlackHarness } from '../e2e/slack/slack-harness.js';
import {
  click,
  ephemeralControls,
  findControl,
  submitForm,
  typed,
  typeInDm,
} from '../e2e/slack/slack-walk.js';
import { manualClock } from '../support/core-deps.js';
import { redelivering } from './support/redelivering.js';
import { type RowCounts, rowCounts } from './support/row-counts.js';

/**
 * The same engagement walked twice, on two apps: once with every inbound request sent once, once with every
 * request arriving four times — two copies at the same moment (a double click, a command sent twice) and then
 * Slack's retries 1 and 2 … 3 with their `X-Slack-Retry-Num` / `X-Slack-Retry-Reason` headers. Both end with the
 * same rows in every table and the same messages in every conversation: nothing is done twice.
 */
const HR = 'U0HR000001';
const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const COACH = 'U0COACH001';
const PEOPLE = { hr: HR, client: CLIENT, sponsor: SPONSOR, coach: COACH };
const USERS = [
  { id: HR, name: 'harper', tz: 'Europe/London' },
  { id: CLIENT, name: 'jane', tz: 'Europe/London' },
  { id: SPONSOR, name: 'sam', tz: 'America/New_York' },
  { id: COACH, name: 'kim', tz: 'Asia/Tokyo' },
];

interface Outcome {
  rows: RowCounts;
  requestsClaimed: number;
  /** Messages per conversation, named without the engagement id (it differs between the two apps). */
  messages: Record<string, number>;
  ephemerals: Record<string, number>;
  views: Record<string, number>;
  answers: string[];
}

/** One walk: start → kickoff and alignment held → weekly prompt → answered by form, shared, typed → Home. */
async function walk(h: SlackHarness, clock: Clock): Promise<Outcome> {
  const setup = await startCoaching(h, clock, PEOPLE);
  await setup.issuePrompt();
  const answered = await click(h, CLIENT, findControl(h, setup.dm, 'reflection.answer'));
  await submitForm(h, CLIENT, 'reflection.answer', { answer: typed('what I learned this week') });
  const share = ephemeralControls(h, CLIENT).find((c) => c.actionId === 'reflection.share_with_coach');
  if (!share) throw new Error('no share button');
  const shared = await click(h, CLIENT, share);
  await typeInDm(h, CLIENT, 'a thought I typed');
  const home = await h.event(
    { type: 'app_home_opened', user: CLIENT, channel: setup.dm, tab: 'home' },
    `Ev${randomUUID()}`,
  );
  expect(home.status).toBe(200);
  await h.drain();

  const prefix = setup.engagementId.slice(0, 8);
  const name = (id: string) => {
    const conversation = h.fake.conversations.get(id);
    if (!conversation) return id;
    return conversation.is_im
      ? `im:${conversation.user}`
      : (conversation.name.split(`-${prefix}`)[0] ?? conversation.name);
  };
  const tally = (keys: string[]) => {
    const counts: Record<string, number> = {};
    for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
    return counts;
  };
  const [claimed] = await h.database.sql<{ n: number }[]>`select count(*)::int as n from processed_requests`;
  return {
    rows: await rowCounts(h.database.sql),
    requestsClaimed: claimed?.n ?? 0,
    messages: tally(h.fake.messages.map((m) => name(m.channel))),
    ephemerals: tally(h.fake.ephemerals.map((e) => e.user)),
    views: tally(h.fake.views.map((v) => `${v.fake.via}:${v.callback_id}`)),
    answers: [answered.length > 2 ? 'answered' : 'silent', shared.length > 2 ? 'answered' : 'silent'],
  };
}

type Clock = ReturnType<typeof manualClock>;
const clocks = { once: manualClock(new Date()), four: manualClock(new Date()) };
let once: SlackHarness;
let four: SlackHarness;
beforeAll(async () => {
  [once, four] = await Promise.all([
    startSlackHarness({ users: USERS, clock: clocks.once }),
    startSlackHarness({ users: USERS, clock: clocks.four }),
  ]);
});
afterAll(async () => {
  await Promise.all([once?.close(), four?.close()]);
});

describe('every Slack request delivered four times', () => {
  it('leaves the same rows and the same messages as delivering it once', { timeout: 120_000 }, async () => {
    const single = await walk(once, clocks.once);
    const four4 = redelivering(four, 4);
    const repeated = await walk(four4.harness, clocks.four);

    expect(single.rows.engagements).toBe(1);
    expect(single.rows.private_entries).toBeGreaterThan(0);
    expect(repeated.rows).toEqual(single.rows);
    expect(repeated.requestsClaimed).toBe(single.requestsClaimed);
    expect(repeated.messages).toEqual(single.messages);
    expect(repeated.ephemerals).toEqual(single.ephemerals);
    expect(repeated.views).toEqual(single.views);
    expect(repeated.answers).toEqual(single.answers);
    // Four copies really arrived: each request that changes something was recognised three more times.
    const ignored = four.logLines.filter((line) => line.includes('duplicate Slack request ignored'));
    expect(four4.claimable()).toBeGreaterThan(8);
    expect(ignored.length).toBeGreaterThanOrEqual(3 * four4.claimable());
    expect(ignored.length).toBeLessThanOrEqual(3 * four4.sent());
    expect(four.fake.internalErrors).toEqual([]);
  });
});
