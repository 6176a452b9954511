import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackActor } from '../../../adapters/slack/slack-deps.js';
import { draftGoal } from '../../../src/use-cases/goals/draft-goal.js';
import { answerPrompt } from '../../../src/use-cases/reflections/answer-prompt.js';
import { manualClock } from '../../support/core-deps.js';
import { type CoachingEngagement, startCoaching } from './coaching-setup.js';
import { type SlackHarness, startSlackHarness } from './slack-harness.js';
import { typeInDm } from './slack-walk.js';

const HR = 'U0HR000001';
const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const COACH = 'U0COACH001';
const WEEK = 7 * 86_400_000;

const clock = manualClock(new Date());
let h: SlackHarness;
let setup: CoachingEngagement;
const answers: string[] = [];
const goals: string[] = [];

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
  const actor = slackActor(h.fake.identity.teamId, CLIENT);
  for (let week = 1; week <= 52; week += 1) {
    await setup.issuePrompt();
    const [prompt] = await h.database.sql<{ id: string }[]>`
      select id from reflection_prompts where engagement_id = ${setup.engagementId} and status = 'sent'`;
    // 2,000 characters, some of them multi-byte and JSON-escaped, ending in a marker of the week.
    const text = `Week ${week}: "quoted" \\ é✓ 🌱\n${'reflection '.repeat(180)}EXPORT-CANARY-${week}`;
    answers.push(text);
    await answerPrompt({ actor, promptId: prompt?.id ?? '', text }, h.deps.core);
    clock.advance(WEEK);
  }
  for (const n of [1, 2, 3]) {
    const goal = `Goal ${n}: ${'delegate '.repeat(100)}EXPORT-GOAL-${n}`;
    goals.push(goal);
    await draftGoal({ actor, goal, successMeasure: `Measure ${n}` }, h.deps.core);
  }
}, 180_000);

afterAll(async () => {
  await h?.close();
});

describe('the client’s export on Slack', () => {
  it('arrives as one JSON file in the client’s DM, complete after a year of long answers', async () => {
    expect(answers.every((a) => a.length >= 2000)).toBe(true);
    await typeInDm(h, CLIENT, 'export');

    // The meetings of the setup came with calendar invites, in their own threads; one file is the export.
    const exports = h.fake.files.filter((f) => !f.name.endsWith('.ics'));
    expect(exports).toHaveLength(1);
    const [file] = exports;
    expect(file?.shares.map((s) => s.channel)).toEqual([setup.dm]);
    expect(file?.name).toMatch(/^triad-export-\d{4}-\d{2}-\d{2}\.json$/);
    const text = file?.content?.toString('utf8') ?? '';
    expect(Buffer.byteLength(text)).toBe(file?.length);
    const data = JSON.parse(text);
    expect(data.reflections.map((r: { answer: string }) => r.answer)).toEqual(answers);
    expect(data.goals.map((g: { goal: string }) => g.goal).sort()).toEqual(goals);
    expect(Buffer.byteLength(text)).toBeGreaterThan(52 * 2000);
  });

  it('the note beside it holds counts only, and nobody else gets anything', () => {
    const note = JSON.stringify(h.fake.ephemeralsTo(CLIENT).at(-1));
    expect(note).toContain('52 reflections, 3 goals');
    expect(note).not.toContain('EXPORT-');
    const elsewhere = h.fake.messages.filter((m) => m.channel !== setup.dm);
    expect(JSON.stringify(elsewhere)).not.toContain('EXPORT-');
    expect(JSON.stringify(h.fake.messagesIn(setup.dm))).not.toContain('EXPORT-');
    expect(h.logLines.join('\n')).not.toContain('EXPORT-');
  });
});
