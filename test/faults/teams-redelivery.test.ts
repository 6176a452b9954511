import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID } from '../adapters/teams/support/teams-fakes.js';
import { startTeamsHarness, type TeamsHarness } from '../e2e/teams/teams-harness.js';
import { allText, click, findAction } from '../e2e/teams/teams-walk.js';
import { manualClock } from '../support/core-deps.js';
import {
  botAddedActivity,
  type FakeConversation,
  inboundActivity,
} from '../support/fake-bot-connector/index.js';

/**
 * What the Bot Framework channel re-sends (the same activity id, again or at the same moment) and what a person
 * double-clicks (a form's submit, twice, each with its own activity id) must act once: one greeting, one
 * "linked" notice, one goal. Found by the Teams canary walk under faults.
 */
const clock = manualClock(new Date('2026-03-02T09:00:00Z'));
let h: TeamsHarness;
let sponsorChat: FakeConversation;

const count = (texts: string, needle: string) => texts.split(needle).length - 1;
const twiceAtOnce = (activity: Parameters<TeamsHarness['post']>[0]) =>
  Promise.all([h.post(activity), h.post(activity)]);

beforeAll(async () => {
  h = await startTeamsHarness(clock);
  const { hr, jane, sam } = h.people;
  expect((await h.say(hr, 'start client:@jane sponsor:@sam coach:@kim coach:@lee weeks:12')).status).toBe(
    200,
  );
  await h.drain();
  sponsorChat = h.teams.fake.addConversation({
    conversationType: 'groupChat',
    memberIds: [jane.user.id, sam.user.id],
  });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('Teams activities re-sent by the channel, and double clicks', () => {
  it('an install re-sent by the channel greets once', async () => {
    const { sam } = h.people;
    const chat = h.chatOf(sam);
    const installed = botAddedActivity(h.teams.fake, {
      conversationId: chat.id,
      byUserId: sam.user.id,
      botAppId: APP_ID,
    });

    await twiceAtOnce(installed);
    await h.post(installed);

    expect(count(allText(h, chat), '"fallbackText":"What Triad does here"')).toBe(1);
  });

  it('Triad added to the sponsor chat, re-sent at the same moment, links it once: one notice, one audit row', async () => {
    const { jane } = h.people;
    const added = botAddedActivity(h.teams.fake, {
      conversationId: sponsorChat.id,
      byUserId: jane.user.id,
      botAppId: APP_ID,
    });

    const answers = await twiceAtOnce(added);
    await h.post(added);

    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(
      count(allText(h, sponsorChat), '"fallbackText":"Triad is linked to this chat as the sponsor chat'),
    ).toBe(1);
    const linked = await h.database.sql`select id from audit_log where action = 'teams_space_linked'`;
    expect(linked).toHaveLength(1);
  });

  it('a goal form submitted twice at once (a double click) in its dialog saves one goal', async () => {
    const { jane } = h.people;
    const janeChat = h.chatOf(jane);
    expect((await h.say(jane, 'goal')).status).toBe(200);
    await click(h, jane, janeChat, findAction(h, janeChat, 'goal.draft'));
    const submit = findAction(h, janeChat, 'form.submit');
    const inputs = { goal: 'Delegate the roadmap', successMeasure: 'Two leads run planning' };

    const clicks = await Promise.all([
      click(h, jane, janeChat, submit, { inputs, drain: false }),
      click(h, jane, janeChat, submit, { inputs, drain: false }),
    ]);

    expect(clicks.map((c) => c.status)).toEqual([200, 200]);
    const goals = await h.database.sql`select id from private_entries where kind = 'goal'`;
    expect(goals).toHaveLength(1);
  });
});

describe('a reply Teams refuses for longer than botbuilder retries', () => {
  // KNOWN GAP, reported: a reply in a turn (here the goal form) that Teams refuses more times in a row than
  // botbuilder retries (three) is lost: onTurnError tells the person "this may not have been saved. Please try
  // again" (even when it was) and the endpoint answers 200, so the channel never re-sends the activity — and a
  // re-send would be skipped as already claimed. Remove `.fails` when such a reply is delivered once Teams is
  // back (e.g. queued through the outbox, or the claim released and the turn answered 5xx).
  it.fails('KNOWN GAP: the goal form asked for while Teams refuses the reply four times still arrives, once', async () => {
    const { jane } = h.people;
    const janeChat = h.chatOf(jane);
    const before = h.teams.fake.activitiesIn(janeChat.id).length;
    h.teams.fake.setFault({ status: 503, retryAfterSeconds: 0, operation: 'replyToActivity', times: 4 });
    const activity = inboundActivity(h.teams.fake, {
      conversationId: janeChat.id,
      fromUserId: jane.user.id,
      text: 'goal',
      botAppId: APP_ID,
    });

    expect((await h.post(activity)).status).toBe(200);
    await h.post(activity); // what the channel would re-send, had it been told the turn failed
    await h.drain();

    const arrived = h.teams.fake
      .activitiesIn(janeChat.id)
      .slice(before)
      .map((a) => JSON.stringify(a.activity));
    expect(arrived.filter((text) => text.includes('goal.draft'))).toHaveLength(1);
  });
});
