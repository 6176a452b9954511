import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID } from '../../adapters/teams/support/teams-fakes.js';
import { manualClock } from '../../support/core-deps.js';
import { botAddedActivity, type FakeConversation } from '../../support/fake-bot-connector/index.js';
import { type Person, startTeamsHarness, type TeamsHarness } from './teams-harness.js';
import { cardsIn, findAction, groupChatWith, pickerInputs, textOf } from './teams-walk.js';

const clock = manualClock(new Date());
let h: TeamsHarness;
let p: TeamsHarness['people'];
let sponsorChat: FakeConversation;
let kickoffId = '';

/** Every table but the request keys, which record that a request arrived (so a re-sent one is ignored). */
async function state() {
  const { processed_requests: requests = [], ...rest } = await h.snapshot();
  return { rest, requests: requests as { key: string }[] };
}

/** Runs a refused request and shows it changed nothing but its request key, and what the person read. */
async function refused(
  request: () => Promise<{ status: number; body: string }>,
  reader: Person,
): Promise<string> {
  const before = await state();
  const outbound = h.teams.fake.activities.length;
  const result = await request();
  expect(result.status).toBe(200);
  const after = await state();
  expect(after.rest).toEqual(before.rest);
  const newKeys = after.requests.filter((r) => !before.requests.some((b) => b.key === r.key));
  expect(newKeys.every((r) => r.key.startsWith('teams:activity:'))).toBe(true);
  const sent = h.teams.fake.activities.slice(outbound);
  expect(sent.every((a) => a.conversationId === h.chatOf(reader).id)).toBe(true);
  const newest = cardsIn(h, h.chatOf(reader))[0]?.card;
  return `${textOf(newest)}\n${result.body ? textOf(JSON.parse(result.body)) : ''}`;
}

beforeAll(async () => {
  h = await startTeamsHarness(clock);
  p = h.people;
  const install = (person: Person) =>
    h.post(
      botAddedActivity(h.teams.fake, {
        conversationId: h.chatOf(person).id,
        byUserId: person.user.id,
        botAppId: APP_ID,
      }),
    );
  await install(p.hr);
  await h.say(p.hr, 'start client:@jane sponsor:@sam coach:@kim');
  await h.drain();
  sponsorChat = await groupChatWith(h, p.jane, [p.jane, p.sam, p.kim]);
  await h.drain();
  for (const person of [p.jane, p.sam, p.kim]) await h.say(person, 'help');
  kickoffId =
    (await h.database.sql<{ id: string }[]>`select id from meetings where kind = 'kickoff'`)[0]?.id ?? '';
});

afterAll(async () => {
  await h?.close();
});

describe('malformed and forbidden commands get a clear private answer and change nothing', () => {
  it.each([
    ['start client:@jane sponsor:@jane coach:@kim', 'must be different people'],
    ['start client:jane sponsor:@sam coach:@kim', "I couldn't read “jane” as a person for the client"],
    ['start client:@stan sponsor:@sam coach:@kim weeks:99', 'weeks must be between 4 and 52'],
    ['start client:@jane sponsor:@lee coach:@kim', 'Jane Client already has an active coaching engagement'],
    ['start client:nobody@contoso.example sponsor:@sam coach:@kim', "I can't find nobody@contoso.example"],
    ['pause 99999999', 'I can\'t find an engagement "99999999"'],
    ['status', 'Which engagement? Name its client or its id.'],
    ['promote @jane', "I don't know the command “promote”"],
    [`start ${'client:@jane '.repeat(120)}`, 'Triad reads at most 1000'],
  ])('HR types %j', async (text, expected) => {
    expect(await refused(() => h.say(p.hr, text), p.hr)).toContain(expected);
  });

  it.each([
    ['100 KB of <', '<'.repeat(100 * 1024), 'Triad reads at most 28,000 characters'],
    ['27,000 × < (under the size limit)', '<'.repeat(27_000), 'Triad reads at most 1000'],
    ['6,900 unclosed <at> tags', '<at>'.repeat(6_900), 'Triad reads at most 1000'],
  ])('%s is answered quickly, privately, and changes nothing', async (_case, text, expected) => {
    const started = performance.now();
    const answer = await refused(() => h.say(p.hr, text), p.hr);
    // A loose bound on purpose (shared CI machines): the figure itself is measured, not asserted, elsewhere.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(answer).toContain(expected);
  });

  it('a mention Teams did not link to anyone', async () => {
    const text = await refused(() => h.say(p.hr, 'start client:<at>Jane</at> sponsor:@sam coach:@kim'), p.hr);
    expect(text).toContain('Teams did not link “@Jane” to a person');
  });

  it('someone who is not HR types an HR command: it is no command for them, and runs nothing', async () => {
    expect(await refused(() => h.say(p.stan, 'start'), p.stan)).toContain(
      'Only HR programme owners can run HR commands.',
    );
    // A whole command is that command whoever types it, as `/coaching list` is on Slack: refused, nothing listed.
    expect(await refused(() => h.say(p.sam, 'list'), p.sam)).toContain(
      'Only HR programme owners can do that.',
    );
    // Words that only begin like a command are a sponsor's words for a sponsor thread, chosen and confirmed first.
    const outbound = h.teams.fake.activities.length;
    expect((await h.say(p.sam, 'list of what we agreed')).status).toBe(200);
    const newest = textOf(cardsIn(h, h.chatOf(p.sam))[0]?.card);
    expect(newest).toContain('Which sponsor thread is this for?');
    expect(newest).not.toContain('coaching engagement(s)');
    expect(
      h.teams.fake.activities.slice(outbound).every((a) => a.conversationId === h.chatOf(p.sam).id),
    ).toBe(true);
  });

  it('an HR command in a group chat is refused in the sender’s 1:1 chat, and nothing is posted in the group', async () => {
    const text = await refused(() => h.say(p.sam, 'list', sponsorChat), p.sam);
    expect(text).toContain('HR commands work only in your 1:1 chat with Triad');
  });
});

describe('malformed and forbidden card actions get a clear private answer and change nothing', () => {
  const click = (person: Person, conversation: FakeConversation, data: Record<string, unknown>) => () =>
    h.invoke(person, conversation, data);
  const at = () => new Date(clock.now().getTime() + 3 * 86_400_000);

  it.each([
    ['no action id', { value: 'x' }, 'I could not read that card action'],
    [
      'an action id Triad does not have',
      { actionId: 'meeting.explode', value: 'x' },
      'That button is not one Triad knows',
    ],
    [
      'a picker saved without a time',
      { actionId: 'meeting.schedule', value: 'm', field: 'f1', f1_date: '2030-01-01' },
      'Pick a date and a time',
    ],
    [
      'a meeting id that is not one',
      { actionId: 'meeting.schedule', value: 'nope', field: 'f1', f1_date: '2030-01-01', f1_time: '10:00' },
      'That meeting id is not valid',
    ],
    [
      'a form Triad does not have',
      { actionId: 'form.submit', formId: 'hr.fire', context: {} },
      'That form is not one Triad knows',
    ],
  ])('%s', async (_case, data, expected) => {
    expect(await refused(click(p.sam, sponsorChat, data), p.sam)).toContain(expected);
  });

  it('a time in the past', async () => {
    const past = new Date(clock.now().getTime() - 86_400_000);
    const data = {
      actionId: 'meeting.schedule',
      value: kickoffId,
      field: 'f1',
      ...pickerInputs('f1', past, p.sam.timezone),
    };
    expect(await refused(click(p.sam, sponsorChat, data), p.sam)).toMatch(/past/i);
  });

  it('an empty reflection answer, and an answer to a question that does not exist', async () => {
    const form = { actionId: 'form.submit', formId: 'reflection.answer' };
    const jane = h.chatOf(p.jane);
    expect(
      await refused(click(p.jane, jane, { ...form, context: { promptId: 'x' }, answer: 'hi' }), p.jane),
    ).toContain('That link is not valid any more');
    const missing = { ...form, context: { promptId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' }, answer: '   ' };
    expect(await refused(click(p.jane, jane, missing), p.jane)).toContain('Your answer is empty');
  });

  it.each([
    ['the goal list', 'view.goals', {}],
    ['the export', 'view.export', {}],
    ['a goal’s edit form', 'goal.edit', { value: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' }],
  ])(
    'the sponsor opens a dialog for %s: refused in the dialog, nothing posted',
    async (_case, actionId, extra) => {
      const before = await state();
      const outbound = h.teams.fake.activities.length;

      const result = await h.dialog(p.sam, h.chatOf(p.sam), 'task/fetch', {
        msteams: { type: 'task/fetch' },
        actionId,
        ...extra,
      });

      expect(result.status).toBe(200);
      const body = JSON.parse(result.body) as { task: { type: string; value: string } };
      expect(body.task.type).toBe('message');
      expect(body.task.value.length).toBeGreaterThan(10);
      expect(h.teams.fake.activities.slice(outbound)).toEqual([]);
      expect((await state()).rest).toEqual(before.rest);
    },
  );

  it('the sponsor presses the client’s coach button', async () => {
    const [engagement] = await h.database.sql<
      { id: string; coach_id: string }[]
    >`select id, coach_id from engagements`;
    const data = { actionId: 'coach.select', value: `${engagement?.id}:${engagement?.coach_id}` };
    expect(await refused(click(p.sam, h.chatOf(p.sam), data), p.sam)).toContain(
      'Only the client can choose the coach',
    );
  });

  it('a card action claiming another person’s message cannot show that message back', async () => {
    const welcome = findAction(h, h.chatOf(p.jane), 'meeting.schedule');
    const data = { ...welcome.data, ...pickerInputs(welcome.data.field, at(), p.sam.timezone) };

    const result = await h.invoke(p.sam, h.chatOf(p.sam), data);

    expect(result.status).toBe(200);
    expect(result.body).toContain('The kickoff meeting is set for');
    expect(result.body).not.toContain('Your coaching engagement has started');
  });
});
