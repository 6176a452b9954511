import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueExportToken } from '../../../src/use-cases/client/export-download.js';
import { issueReflectionPrompt } from '../../../src/use-cases/reflections/issue-reflection-prompt.js';
import { APP_ID } from '../../adapters/teams/support/teams-fakes.js';
import { cardProblems } from '../../adapters/teams/support/validate-card.js';
import { manualClock } from '../../support/core-deps.js';
import { botAddedActivity, type FakeConversation } from '../../support/fake-bot-connector/index.js';
import { type Person, startTeamsHarness, type TeamsHarness } from './teams-harness.js';
import {
  allText as allCards,
  cardsIn,
  changeMembers,
  click,
  dialogCardOf,
  findAction,
  groupChatWith,
  latest as latestCard,
  localTime,
  openUrlsIn,
  trafficTo,
} from './teams-walk.js';

const DAY = 86_400_000;
const CANARY = {
  answer: 'CANARY-ANSWER-7f3a my manager scares me',
  typed: 'CANARY-TYPED-91bc I cried after the offsite',
  goal: 'CANARY-GOAL-55de leave the company by June',
  preparation: 'CANARY-PREP-3c1d ask for a transfer',
};
const SHARED_GOAL = 'Lead the Q3 planning with less escalation';

const clock = manualClock(new Date());
let h: TeamsHarness;
let hr: Person;
let jane: Person;
let sam: Person;
let kim: Person;
let lee: Person;
let engagementId = '';
let sponsorChat: FakeConversation;
let coachingChat: FakeConversation;
const invokeBodies: string[] = [];
/** The client's export as the download link served it. */
let downloadedExport = '';
/** What Teams showed the sponsor alone in answer to their clicks. */
const samInvokes: string[] = [];

const stage = async () =>
  (await h.database.sql<{ stage: string }[]>`select stage from engagements where id = ${engagementId}`)[0]
    ?.stage;
const latest = (conversation: FakeConversation) => latestCard(h, conversation);
const allText = (conversation: FakeConversation) => allCards(h, conversation);
const clickAs = async (...args: Parameters<typeof click>) => {
  const clicked = await click(...args);
  invokeBodies.push(clicked.text);
  if (args[1] === sam) samInvokes.push(clicked.text);
  expect(clicked.status).toBe(200);
  return clicked;
};

beforeAll(async () => {
  h = await startTeamsHarness(clock);
  ({ hr, jane, sam, kim, lee } = h.people);
});

afterAll(async () => {
  await h?.close();
});

describe('a whole engagement on Teams, through /api/messages and the fake Bot Connector', () => {
  it('HR installs Triad and is greeted with the HR commands', async () => {
    const chat = h.chatOf(hr);
    const installed = await h.post(
      botAddedActivity(h.teams.fake, { conversationId: chat.id, byUserId: hr.user.id, botAppId: APP_ID }),
    );
    expect(installed.status).toBe(200);
    // The same help as typing `help` in the chat: the HR commands, as typed there, generated from the grammar.
    expect(latest(chat)).toContain('HR commands');
    expect(latest(chat)).toContain('reassign @jane coach:@lee');
  });

  it('HR starts it with mentions; the client’s 1:1 chat is created and welcomed; the sponsor chat waits', async () => {
    const started = await h.say(hr, 'start client:@jane sponsor:@sam coach:@kim coach:@lee weeks:12');
    expect(started.status).toBe(200);
    expect(latest(h.chatOf(hr))).toContain('started for Jane Client');
    engagementId = (await h.database.sql<{ id: string }[]>`select id from engagements`)[0]?.id ?? '';

    const { waiting } = await h.drain();

    expect(waiting).toEqual(['space_not_linked']);
    const janeChat = h.chatOf(jane);
    expect(janeChat.origin).toBe('createConversation');
    const texts = allText(janeChat);
    expect(texts).toContain('Your coaching engagement has started');
    expect(texts).toContain('start a new group chat with exactly you and Sam Sponsor');
    // Graph refused (the admin granted nothing): HR is told what the admin can grant.
    expect(h.teams.graph.requests.filter((r) => r.operation === 'createChat').map((r) => r.status)).toEqual([
      403,
    ]);
    expect(allText(h.chatOf(hr))).toContain('Chat.Create');
  });

  it('the client makes the sponsor chat and adds Triad: it is linked and the sponsor welcome arrives', async () => {
    sponsorChat = await groupChatWith(h, jane, [jane, sam]);
    expect(latest(sponsorChat)).toContain('linked to this chat as the sponsor chat');

    await h.drain();

    expect(allText(sponsorChat)).toContain('Coaching for Jane Client');
  });

  it('the sponsor shares expectations: the form comes to their 1:1 chat, the text to the sponsor chat', async () => {
    const opened = await clickAs(h, sam, sponsorChat, findAction(h, sponsorChat, 'sponsor.expectations'));
    expect(opened.text).toContain('the form is in your 1:1 chat with Triad');
    const samChat = h.chatOf(sam);
    const submit = findAction(h, samChat, 'form.submit');

    await clickAs(h, sam, samChat, submit, { inputs: { expectations: 'Jane leads Q3 planning.' } });

    expect(allText(sponsorChat)).toContain('Jane leads Q3 planning.');
  });

  it('the sponsor schedules the kickoff in their own zone; after it, the client marks it held', async () => {
    const picker = findAction(h, sponsorChat, 'meeting.schedule');
    const at = localTime(clock.now(), 3, 10, sam.timezone);
    const scheduled = await clickAs(h, sam, sponsorChat, picker, { at });
    expect(scheduled.text).toContain('The kickoff meeting is set for');
    expect(latest(sponsorChat)).toContain('Kickoff meeting scheduled');
    expect(latest(sponsorChat)).toMatch(/Sam Sponsor: .*10:00/);

    clock.advance(4 * DAY);
    await clickAs(h, jane, sponsorChat, findAction(h, sponsorChat, 'meeting.held'));

    expect(await stage()).toBe('coach_matching');
    expect(latest(h.chatOf(jane))).toContain('Choose your coach');
  });

  it('the client picks Kim: the card is refreshed in place, the coaching chat is asked for, Kim is asked for', async () => {
    const janeChat = h.chatOf(jane);
    const choice = findAction(h, janeChat, 'coach.select', (_d, card) => card.text.includes('Kim Coach'));
    const picked = await clickAs(
      h,
      jane,
      janeChat,
      findAction(h, janeChat, 'coach.select', (d) =>
        String(d.value).endsWith(String(choice.data.value).split(':')[1] ?? ''),
      ),
    );

    expect(picked.body?.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(picked.text).toContain('Choose your coach');
    expect(picked.text).toContain('You chose Kim Coach as your coach');
    expect(picked.text).not.toContain('coach.select');
    expect(allText(janeChat)).toContain('start a new group chat with exactly you and Kim Coach');
    expect(allText(sponsorChat)).toContain('please add Kim Coach here');
  });

  it('the client makes the coaching chat and adds Kim to the sponsor chat: both are linked and filled', async () => {
    coachingChat = await groupChatWith(h, jane, [jane, kim]);
    await changeMembers(h, sponsorChat, jane, { add: [kim] });

    const { waiting } = await h.drain();

    expect(waiting).toEqual([]);
    expect(allText(coachingChat)).toContain('Your coaching space');
    expect(allText(sponsorChat)).toContain('Kim Coach is Jane Client');
  });

  it('alignment is scheduled from the client’s 1:1 chat and held; coaching starts', async () => {
    const janeChat = h.chatOf(jane);
    const at = localTime(clock.now(), 2, 15, jane.timezone);
    const scheduled = await clickAs(h, jane, janeChat, findAction(h, janeChat, 'meeting.schedule'), { at });
    expect(scheduled.text).toContain('sponsor alignment meeting is set for');
    expect(latest(sponsorChat)).toContain('Sponsor alignment meeting scheduled');

    const form = await clickAs(h, jane, janeChat, findAction(h, janeChat, 'meeting.prepare'));
    expect(form.text).toContain('Your preparation notes');
    expect(latest(janeChat)).not.toContain('Your preparation notes');
    const saved = await clickAs(h, jane, janeChat, findAction(h, janeChat, 'form.submit'), {
      inputs: { notes: CANARY.preparation },
    });
    expect(saved.text).toContain('saved privately');
    expect(saved.text).not.toContain(CANARY.preparation);

    clock.advance(3 * DAY);
    await clickAs(
      h,
      kim,
      sponsorChat,
      findAction(h, sponsorChat, 'meeting.held', (_d, c) => c.text.includes('alignment')),
    );
    expect(await stage()).toBe('coaching');
  });

  it('the client drafts two goals in a dialog; the list and the previews open in dialogs; one is shared', async () => {
    const janeChat = h.chatOf(jane);
    for (const [goal, measure] of [
      [SHARED_GOAL, 'Two planning reviews run by my team'],
      [CANARY.goal, 'CANARY-GOAL measure'],
    ]) {
      expect((await h.say(jane, 'goal')).status).toBe(200);
      const form = await clickAs(h, jane, janeChat, findAction(h, janeChat, 'goal.draft'));
      expect(form.text).toContain('"type":"continue"');
      await clickAs(h, jane, janeChat, findAction(h, janeChat, 'form.submit'), {
        inputs: { goal, successMeasure: measure },
      });
    }
    expect((await h.say(jane, 'goals')).status).toBe(200);
    expect(latest(janeChat)).toContain('stays out of this chat’s history');
    const list = await clickAs(h, jane, janeChat, findAction(h, janeChat, 'view.goals'));
    expect(list.text).toContain(SHARED_GOAL);
    expect(list.text).toContain(CANARY.goal);
    const goals = await h.database.sql<{ id: string }[]>`
      select id from private_entries where kind = 'goal' order by created_at`;

    const previewOf = async (entryId: string | undefined) => {
      await clickAs(h, jane, janeChat, findAction(h, janeChat, 'view.goals'));
      return clickAs(
        h,
        jane,
        janeChat,
        findAction(h, janeChat, 'release.preview', (d) => d.value === entryId),
      );
    };
    const withdrawn = await previewOf(goals[1]?.id);
    expect(withdrawn.text).toContain(CANARY.goal);
    await clickAs(h, jane, janeChat, findAction(h, janeChat, 'release.cancel'));

    const previewed = await previewOf(goals[0]?.id);
    expect(previewed.text).toContain(SHARED_GOAL);
    expect(allText(sponsorChat)).not.toContain(SHARED_GOAL);

    await clickAs(h, jane, janeChat, findAction(h, janeChat, 'release.confirm'));
    expect(allText(sponsorChat)).toContain(SHARED_GOAL);
    expect(allText(sponsorChat)).not.toContain('CANARY');
  });

  it('a reflection question arrives; the answer is given in a dialog, which then shows the outcome', async () => {
    const issued = await issueReflectionPrompt({ engagementId, dueAt: clock.now() }, h.core);
    expect(issued.outcome).toBe('issued');
    await h.drain();
    const janeChat = h.chatOf(jane);
    expect(latest(janeChat)).toContain('Reflection time');

    const opened = await clickAs(h, jane, janeChat, findAction(h, janeChat, 'reflection.answer'));
    expect(opened.text).toContain('"type":"continue"');
    const saved = await clickAs(h, jane, janeChat, findAction(h, janeChat, 'form.submit'), {
      inputs: { answer: CANARY.answer },
    });

    expect(saved.text).toContain('"type":"continue"');
    expect(saved.text).toContain('your answer is saved');
  });

  it('the client shares that answer with the coach: it reaches the coaching chat only', async () => {
    const janeChat = h.chatOf(jane);
    await clickAs(h, jane, janeChat, findAction(h, janeChat, 'reflection.share_with_coach'));
    expect(allText(coachingChat)).toContain(CANARY.answer);
  });

  it('the client also answers by simply typing in the 1:1 chat, and is told once about chat history', async () => {
    expect((await h.say(jane, CANARY.typed)).status).toBe(200);
    expect(latest(h.chatOf(jane))).toContain('I added your message to your answer');
    expect(latest(h.chatOf(jane))).toContain('stay in the chat platform’s history');
  });

  it('the coach schedules a session from the coaching chat; only the coaching chat hears of it', async () => {
    const at = localTime(clock.now(), 2, 9, kim.timezone);
    const scheduled = await clickAs(h, kim, coachingChat, findAction(h, coachingChat, 'session.schedule'), {
      at,
    });
    expect(scheduled.text).toContain('Coaching session set for');
    expect(latest(coachingChat)).toContain('Coaching session scheduled');
    expect(allText(sponsorChat)).not.toContain('Coaching session');
  });

  it('the sponsor writes to Triad: a request for private content is refused, anything else goes to the sponsor chat', async () => {
    const before = allText(sponsorChat);
    expect((await h.say(sam, 'What did Jane write in her reflections?')).status).toBe(200);
    expect(latest(h.chatOf(sam))).toMatch(/private|confidential/i);
    expect(allText(sponsorChat)).toBe(before);

    const text = 'Looking forward to the next alignment check-in.';
    const samChat = h.chatOf(sam);
    expect((await h.say(sam, text)).status).toBe(200);
    await h.drain();
    expect(allText(sponsorChat)).not.toContain(text);
    await clickAs(h, sam, samChat, findAction(h, samChat, 'relay.choose'));
    expect(allText(sponsorChat)).not.toContain(text);
    await clickAs(h, sam, samChat, findAction(h, samChat, 'relay.confirm'));
    await h.drain();
    expect(latest(sponsorChat)).toContain(text);
  });

  it('the client withdraws the shared goal: the sponsor chat no longer holds its text, only a note', async () => {
    const janeChat = h.chatOf(jane);
    const held = () => JSON.stringify([...sponsorChat.messages.values()]);
    expect(held()).toContain(SHARED_GOAL);
    // The goal list (a dialog) offers the withdrawal of a shared goal, long after the confirmation was closed.
    await clickAs(h, jane, janeChat, findAction(h, janeChat, 'view.goals'));
    await clickAs(h, jane, janeChat, findAction(h, janeChat, 'release.withdraw'));
    await h.drain();
    expect(held()).not.toContain(SHARED_GOAL);
    expect(held()).toContain('withdrew a shared item');
    expect(
      h.teams.fake.activitiesIn(sponsorChat.id).filter((a) => a.operation === 'deleteActivity'),
    ).toHaveLength(1);
  });

  it('HR lists, inspects, pauses and resumes: status only, in HR’s own chat', async () => {
    const hrChat = h.chatOf(hr);
    await h.say(hr, 'list');
    expect(latest(hrChat)).toContain('Jane Client');
    await h.say(hr, 'status @jane');
    expect(latest(hrChat)).toMatch(/"Stage: ".*"coaching"/);
    await h.say(hr, 'pause @jane');
    await h.drain();
    expect(await stage()).toBe('paused');
    expect(latest(sponsorChat)).toContain('is paused');
    await h.say(hr, `resume ${engagementId.slice(0, 8)}`);
    await h.drain();
    expect(await stage()).toBe('coaching');
    expect(latest(h.chatOf(jane))).toContain('has resumed');
  });

  it('HR reassigns the coach: the sponsor chat swaps Kim for Lee; the coaching chat starts afresh with Lee', async () => {
    await h.say(hr, 'reassign @jane coach:@lee');
    expect(latest(h.chatOf(hr))).toContain('Lee Coach is now Jane Client');
    const oldCoaching = allText(coachingChat);

    const { waiting } = await h.drain();

    expect(waiting).toEqual(expect.arrayContaining(['member_not_removed', 'space_not_linked']));
    // The old coaching chat hears nothing more: it holds what Jane shared with Kim, which Lee must not read.
    expect(allText(coachingChat)).toBe(oldCoaching);
    await h.drain(); // the request for a new coaching chat was written while the first round waited
    expect(latest(h.chatOf(jane))).toContain('start a new group chat with exactly you and Lee Coach');

    const freshCoaching = await groupChatWith(h, jane, [jane, lee]);
    await changeMembers(h, sponsorChat, sam, { add: [lee], remove: [kim] });
    expect((await h.drain()).waiting).toEqual([]);
    expect(allText(freshCoaching)).toContain('Your new coaching space');
    expect(allText(freshCoaching)).not.toContain(CANARY.answer);
    expect(allText(sponsorChat)).toContain('Lee Coach takes over the coaching');
  });

  it('the client exports their data: their 1:1 chat gets a 15-minute download link that Triad serves to them alone', async () => {
    const janeChat = h.chatOf(jane);
    expect((await h.say(jane, 'export')).status).toBe(200);
    const card = cardsIn(h, janeChat)[0]?.card ?? {};
    const [link] = openUrlsIn(card);
    expect(link?.title).toBe('Download your export (link valid for 15 minutes)');
    expect(JSON.stringify(card)).not.toContain('cannot send files');
    const url = String(link?.url);
    const prefix = `${h.baseUrl}/export/`;
    expect(url.startsWith(prefix)).toBe(true);
    const token = url.slice(prefix.length);

    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="triad-export-[\d-]+\.json"$/,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const file = await response.text();
    downloadedExport = file;
    expect(JSON.parse(file)).toBeTypeOf('object');
    for (const canary of [CANARY.goal, CANARY.preparation, CANARY.answer]) expect(file).toContain(canary);
    // The link holds ids only, and went to the dialog alone: no chat, the sponsor's least of all, ever saw it.
    for (const canary of Object.values(CANARY)) expect(decodeURIComponent(url)).not.toContain(canary);
    const chats = [sponsorChat, coachingChat, ...[sam, hr, kim, lee].map((p) => h.chatOf(p))];
    expect(trafficTo(h, chats)).not.toContain(token);

    // Altered, expired or someone else's: refused with no body.
    const [payload = '', keyId = '', mac = ''] = token.split('.');
    const ids = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      p: string;
      e: string;
      x: number;
    };
    const samId = (
      await h.database.sql<
        { sponsor_id: string }[]
      >`select sponsor_id from engagements where id = ${engagementId}`
    )[0]?.sponsor_id;
    const forSam = Buffer.from(JSON.stringify({ ...ids, p: samId }), 'utf8').toString('base64url');
    const flipped = `${mac.slice(0, -2)}${mac.endsWith('AA') ? 'AB' : 'AA'}`;
    const refusals = {
      tampered: `${forSam}.${keyId}.${mac}`,
      badSignature: `${payload}.${keyId}.${flipped}`,
      notTriads: 'eyJwIjoiYSJ9.e2e.AAAA',
      someoneElses: issueExportToken({ personId: String(samId), engagementId }, { clock, signer: h.signer }),
    };
    for (const [why, bad] of Object.entries(refusals)) {
      const refused = await fetch(`${prefix}${bad}`);
      expect({ why, status: refused.status, body: await refused.text() }).toEqual({
        why,
        status: 404,
        body: '',
      });
    }
    const issuedAt = clock.now();
    clock.advance(15 * 60_000 + 1000);
    try {
      const expired = await fetch(url);
      expect({ status: expired.status, body: await expired.text() }).toEqual({ status: 410, body: '' });
    } finally {
      clock.set(issuedAt);
    }
    expect((await fetch(url)).status).toBe(200);
  });

  it('HR ends it: the client and the sponsor chat are told', async () => {
    await h.say(hr, 'end @jane');
    await h.drain();
    expect(await stage()).toBe('closed');
    expect(latest(h.chatOf(jane))).toContain('Your coaching engagement is closed');
    expect(latest(sponsorChat)).toContain('Coaching for Jane Client is closed');
    // Told once, though every chat of the engagement was made by hand.
    const notices = cardsIn(h, h.chatOf(hr)).filter((c) => c.text.includes('Chat.Create'));
    expect(notices).toHaveLength(1);
    expect(h.teams.graph.chats.size).toBe(0);
  });
});

describe('what Teams received', () => {
  it('every card Triad sent, put in place of a clicked one or showed in a dialog is a valid Adaptive Card 1.5', () => {
    const sent = h.teams.fake.activities.flatMap((a) =>
      ((a.activity?.attachments ?? []) as { content?: unknown }[]).map((att) => att.content),
    );
    const refreshed = invokeBodies
      .map((body) => JSON.parse(body) as { type: string; value: unknown })
      .map((body) =>
        body.type === 'application/vnd.microsoft.card.adaptive' ? body.value : dialogCardOf(body),
      )
      .filter((card) => card !== undefined);
    expect(sent.length).toBeGreaterThan(40);
    expect(refreshed.length).toBeGreaterThan(10);
    expect([...sent, ...refreshed].flatMap((card) => cardProblems(card))).toEqual([]);
  });

  it('no private canary reached a conversation that includes the sponsor, HR’s chat or a log line', () => {
    const watched = [sponsorChat, h.chatOf(sam), h.chatOf(hr)];
    const leaked = `${trafficTo(h, watched)}\n${samInvokes.join('\n')}`;
    for (const canary of Object.values(CANARY)) {
      expect(leaked).not.toContain(canary.slice(0, 16));
      expect(h.logLines.join('\n')).not.toContain(canary.slice(0, 16));
    }
    expect(leaked).toContain(SHARED_GOAL);
  });

  it('no private canary is in any activity Triad posted or updated, in any chat, the client’s 1:1 included', () => {
    const everything = h.teams.fake.activities
      .filter((a) => a.conversationId !== coachingChat.id)
      .map((a) => JSON.stringify(a.activity ?? {}))
      .join('\n');
    for (const canary of Object.values(CANARY)) expect(everything).not.toContain(canary.slice(0, 16));
    // The coaching chat holds exactly what the client chose to share with the coach there.
    const coaching = trafficTo(h, [coachingChat]);
    for (const canary of [CANARY.goal, CANARY.preparation, CANARY.typed]) {
      expect(coaching).not.toContain(canary.slice(0, 16));
    }
  });

  it('the canaries did travel where they belong (the client’s dialogs, the shared answer), so the scans can see them', () => {
    expect(trafficTo(h, [coachingChat])).toContain(CANARY.answer);
    const dialogs = invokeBodies.filter((body) => dialogCardOf(JSON.parse(body)) !== undefined).join('\n');
    expect(dialogs).toContain(CANARY.goal);
    // The export is a file behind a download link, not text in a dialog: the preparation is seen through it.
    expect(downloadedExport).toContain(CANARY.preparation);
    expect(samInvokes.join('\n')).not.toContain('CANARY');
  });

  it('every Bot Connector call carried the bot’s token and succeeded, except the 404s member checks expect', () => {
    const failed = h.teams.fake.requests.filter((r) => r.status >= 400);
    expect(failed.every((r) => r.status === 404 && r.operation === 'getConversationMember')).toBe(true);
    expect(h.teams.fake.activities.every((a) => h.teams.tokens.isIssuedBotToken(a.authorization))).toBe(true);
  });
});
