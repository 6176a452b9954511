import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../support/core-deps.js';
import { type CoachingEngagement, startCoaching } from './coaching-setup.js';
import { type SlackHarness, startSlackHarness } from './slack-harness.js';
import {
  click,
  controlsInBlocks,
  ephemeralControls,
  findControl,
  localTime,
  submitForm,
  typed,
  typeInDm,
} from './slack-walk.js';

const HR = 'U0HR000001';
const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const COACH = 'U0COACH001';
const DAY = 86_400_000;

/** One canary per private input; each must stay out of everything the sponsor and HR can see, and the logs. */
const canary = {
  answerByForm: 'CANARY-answer-form-1f9a',
  answerTyped: 'CANARY-answer-dm-2b7c',
  goal: 'CANARY-goal-3d1e',
  measure: 'CANARY-measure-4a2f',
  goalEdited: 'CANARY-goal-edit-5c3b',
  preparation: 'CANARY-prep-6e4d',
};
const all = Object.values(canary);

const clock = manualClock(new Date());
let h: SlackHarness;
let engagementId = '';
let dm = '';
/** The released text exactly as the client's preview rendered it. */
let previewed = '';
/** response_url keys of HR's commands. */
const hrKeys: string[] = [];
let confirmReply: { blocks: unknown[] }[] = [];

let setup: CoachingEngagement;
const sponsorChannel = () => h.fake.conversations.get(setup.sponsorChannel());
const coachingChannel = () => h.fake.conversations.get(setup.coachingChannel());
const meetingId = (kind: string) => setup.meetingId(kind);
const section = (blocks: unknown[] | undefined, index: number) =>
  ((blocks ?? [])[index] as { text?: { text?: string } } | undefined)?.text?.text ?? '';

beforeAll(async () => {
  h = await startSlackHarness({
    clock,
    users: [
      { id: HR, name: 'harper', tz: 'Europe/London' },
      { id: CLIENT, name: 'jane', tz: 'Europe/London' },
      { id: SPONSOR, name: 'sam', tz: 'America/New_York' },
      { id: COACH, name: 'kim', tz: 'Asia/Tokyo' },
    ],
  });
  setup = await startCoaching(h, clock, { hr: HR, client: CLIENT, sponsor: SPONSOR, coach: COACH });
  engagementId = setup.engagementId;
  dm = setup.dm;
});

afterAll(async () => {
  await h?.close();
});

describe('private inputs on Slack stay private; released text arrives exactly as previewed', () => {
  it('the client answers a reflection in the modal, adds to it by typing, and shares it with the coach', async () => {
    await setup.issuePrompt();
    await click(h, CLIENT, findControl(h, CLIENT, 'reflection.answer'));
    await submitForm(h, CLIENT, 'reflection.answer', {
      answer: typed(`I avoid conflict ${canary.answerByForm}`),
    });
    await typeInDm(h, CLIENT, `and I over-prepare ${canary.answerTyped}`);
    expect(JSON.stringify(h.fake.ephemeralsTo(CLIENT))).toContain('history');
    const share = ephemeralControls(h, CLIENT).find((c) => c.actionId === 'reflection.share_with_coach');
    if (!share) throw new Error('no share button');
    await click(h, CLIENT, share);
    const coaching = JSON.stringify(h.fake.messagesIn(coachingChannel()?.id ?? ''));
    expect(coaching).toContain(canary.answerByForm);
    expect(coaching).toContain(canary.answerTyped);
  });

  it('the client drafts a goal, previews it and shares it; the sponsor sees exactly the preview', async () => {
    await typeInDm(h, CLIENT, 'goals');
    const draft = ephemeralControls(h, CLIENT).find((c) => c.actionId === 'goal.draft');
    if (!draft) throw new Error('no draft button');
    await click(h, CLIENT, draft);
    await submitForm(h, CLIENT, 'goal.draft', {
      goal: typed(`Delegate the <!channel> roadmap ${canary.goal}`),
      successMeasure: typed(`Two leads run planning ${canary.measure}`),
    });
    const preview = ephemeralControls(h, CLIENT).find((c) => c.actionId === 'release.preview');
    if (!preview) throw new Error('no preview button');
    const previewReply = JSON.parse(await click(h, CLIENT, preview)) as { blocks: unknown[] }[];
    const blocks = previewReply.at(-1)?.blocks ?? [];
    previewed = section(blocks, 1);
    expect(previewed).toContain(canary.goal);
    expect(previewed).toContain('&lt;!channel&gt;');
    const confirm = controlsInBlocks(blocks, dm).find((c) => c.actionId === 'release.confirm');
    if (!confirm) throw new Error('no confirm button');
    expect(JSON.stringify(h.fake.messagesIn(sponsorChannel()?.id ?? ''))).not.toContain(canary.goal);
    confirmReply = JSON.parse(await click(h, CLIENT, confirm)) as { blocks: unknown[] }[];
    const posted = h.fake
      .messagesIn(sponsorChannel()?.id ?? '')
      .find((m) => JSON.stringify(m.blocks ?? []).includes(canary.goal));
    expect(section(posted?.blocks, 1)).toBe(previewed);
  });

  it('an edit after release stays private; preparation notes stay private', async () => {
    const edit = ephemeralControls(h, CLIENT).find((c) => c.actionId === 'goal.edit');
    if (!edit) throw new Error('no edit button');
    await click(h, CLIENT, edit);
    await submitForm(h, CLIENT, 'goal.edit', {
      goal: typed(`Delegate more ${canary.goalEdited}`),
      successMeasure: typed(`Two leads run planning ${canary.measure}`),
    });
    const closing = await meetingId('closing');
    await click(
      h,
      CLIENT,
      findControl(
        h,
        sponsorChannel()?.id ?? '',
        'meeting.schedule',
        (c) => c.blockId?.endsWith(closing) === true,
      ),
      localTime(clock.now(), 5, 15, 'Europe/London'),
    );
    const prepare = findControl(h, CLIENT, 'meeting.prepare');
    await click(h, CLIENT, prepare);
    await submitForm(h, CLIENT, 'meeting.prepare.save', {
      notes: typed(`I will ask for scope ${canary.preparation}`),
    });
    expect(JSON.stringify(h.fake.ephemeralsTo(CLIENT))).toContain('saved privately');
  });

  it('the sponsor writes to Triad: it goes to the sponsor channel for everyone, never privately to the coach', async () => {
    const text = 'How is she doing on delegation?';
    const sent = () => JSON.stringify(h.fake.messagesIn(sponsorChannel()?.id ?? ''));
    await typeInDm(h, SPONSOR, text);
    expect(sent()).not.toContain(text);
    const choose = ephemeralControls(h, SPONSOR).find((c) => c.actionId === 'relay.choose');
    if (!choose) throw new Error('no engagement to choose');
    const asked = JSON.parse(await click(h, SPONSOR, choose)) as { blocks: unknown[] }[];
    const confirm = controlsInBlocks(asked.at(-1)?.blocks ?? [], choose.channel).find(
      (c) => c.actionId === 'relay.confirm',
    );
    if (!confirm) throw new Error('no confirmation');
    expect(sent()).not.toContain(text);
    await click(h, SPONSOR, confirm);
    expect(sent()).toContain(text);
  });

  it('the client withdraws what they shared; the sponsor is told and stops seeing it; the engagement closes', async () => {
    await h.event({ type: 'app_home_opened', user: SPONSOR, channel: 'D0SP', tab: 'home', event_ts: '1.0' });
    expect(JSON.stringify(h.fake.homeViewOf(SPONSOR)?.blocks)).toContain(canary.goal);
    const withdraw = controlsInBlocks(confirmReply.at(-1)?.blocks ?? [], dm).find(
      (c) => c.actionId === 'release.withdraw',
    );
    if (!withdraw) throw new Error('no withdraw button');
    expect(JSON.stringify(h.fake.messagesIn(sponsorChannel()?.id ?? ''))).toContain(canary.goal);
    await click(h, CLIENT, withdraw);
    const history = h.fake.messagesIn(sponsorChannel()?.id ?? '');
    expect(JSON.stringify(history.at(-1))).toContain('withdrew');
    // The posted text is gone from the sponsor channel's history, not only followed by a note.
    expect(JSON.stringify(history)).not.toContain(canary.goal);
    expect(h.fake.callsTo('chat.delete').filter((c) => c.ok)).toHaveLength(1);
    await h.event({ type: 'app_home_opened', user: SPONSOR, channel: 'D0SP', tab: 'home', event_ts: '2.0' });
    expect(JSON.stringify(h.fake.homeViewOf(SPONSOR)?.blocks)).not.toContain(canary.goal);
    clock.advance(6 * DAY);
    const closing = await meetingId('closing');
    await click(
      h,
      CLIENT,
      findControl(h, sponsorChannel()?.id ?? '', 'meeting.held', (c) => c.value === closing),
    );
    const [row] = await h.database.sql<
      { stage: string }[]
    >`select stage from engagements where id = ${engagementId}`;
    expect(row?.stage).toBe('closed');
    await typeInDm(h, CLIENT, 'export');
    const exported = h.fake.ephemeralsTo(CLIENT).at(-1);
    expect(exported?.channel).toBe(dm);
    expect(JSON.stringify(exported?.blocks)).not.toContain(canary.goalEdited);
    const file = h.fake.files.at(-1);
    expect(file?.shares.map((s) => s.channel)).toEqual([dm]);
    expect(file?.content?.toString('utf8')).toContain(canary.goalEdited);
    await typeInDm(h, CLIENT, 'help');
    // The engagement is closed: help says what is left for a former client.
    expect(JSON.stringify(h.fake.ephemeralsTo(CLIENT).at(-1)?.blocks)).toContain(
      'export — if you were coached',
    );
  });

  it('HR looks at everything it can: list, status, Home', async () => {
    for (const text of ['list', `status <@${CLIENT}>`]) hrKeys.push((await h.command(HR, text)).key);
    await h.event({ type: 'app_home_opened', user: HR, channel: 'D0HR', tab: 'home', event_ts: '1.0' });
    expect(JSON.stringify(h.fake.homeViewOf(HR)?.blocks)).toContain('Engagements you run');
  });

  it('no canary reaches the sponsor or HR, or a log — except the released text, exactly as previewed', () => {
    const sponsorIn = new Set(
      h.fake.conversations
        .all()
        .filter((c) => c.members.includes(SPONSOR))
        .map((c) => c.id),
    );
    const to = (user: string) => (c: { args: Record<string, unknown> }) =>
      c.args.user === user || c.args.user_id === user;
    const sponsorTraffic = h.fake.calls
      .filter((c) => (typeof c.args.channel === 'string' && sponsorIn.has(c.args.channel)) || to(SPONSOR)(c))
      .map((c) => JSON.stringify(c.args))
      .join('\n');
    const hrIn = new Set(
      h.fake.conversations
        .all()
        .filter((c) => c.members.includes(HR))
        .map((c) => c.id),
    );
    const hrTraffic = [
      ...h.fake.calls
        .filter((c) => (typeof c.args.channel === 'string' && hrIn.has(c.args.channel)) || to(HR)(c))
        .map((c) => JSON.stringify(c.args)),
      ...hrKeys.flatMap((key) => h.sink.postsTo(key).map((p) => JSON.stringify(p.body))),
    ].join('\n');
    expect(hrTraffic).toContain('jane');
    // The released text as it appears inside the JSON of a call (quotes and newlines escaped).
    const released = JSON.stringify(previewed).slice(1, -1);
    expect(sponsorTraffic).toContain(released);
    const sponsorWithoutReleased = sponsorTraffic.split(released).join('');
    for (const value of all) {
      expect(sponsorWithoutReleased).not.toContain(value);
      expect(hrTraffic).not.toContain(value);
      expect(h.logLines.join('\n')).not.toContain(value);
    }
  });
});
