import { describe, expect, it } from 'vitest';
import type { EngagementStage } from '../../../src/engagement/records.js';
import { questionText } from '../../../src/prompts/prompt-bank.js';
import { answerPrompt } from '../../../src/use-cases/reflections/answer-prompt.js';
import { issueReflectionPrompt } from '../../../src/use-cases/reflections/issue-reflection-prompt.js';
import { actors, buttonsOf, firstPromptDue, hour, textOf, triadIn, week } from '../client/triad-fixture.js';

describe('issueReflectionPrompt', () => {
  it.each<[EngagementStage, string]>([
    ['kickoff', 'not_prompting'],
    ['coach_matching', 'not_prompting'],
    ['alignment', 'not_prompting'],
    ['coaching', 'issued'],
    ['closing', 'issued'],
    ['paused', 'not_prompting'],
    ['closed', 'not_prompting'],
    ['cancelled', 'not_prompting'],
  ])('in the %s stage: %s', async (stage, outcome) => {
    const triad = await triadIn(stage);
    const before = (await triad.outboxTo('client_dm')).length;
    const result = await issueReflectionPrompt(
      { engagementId: triad.engagementId, dueAt: firstPromptDue },
      triad.core,
    );
    expect(result.outcome).toBe(outcome);
    const prompts = await triad.core.uow.read.prompts.listByEngagement(triad.engagementId);
    expect(prompts).toHaveLength(outcome === 'issued' ? 1 : 0);
    expect((await triad.outboxTo('client_dm')).length - before).toBe(outcome === 'issued' ? 1 : 0);
  });

  it('sends the question to the client’s DM with Answer, Snooze, Skip and Change day/time buttons carrying only the prompt id', async () => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    const prompt = await triad.core.uow.read.prompts.get(promptId);
    const [sent] = (await triad.outboxTo('client_dm')).filter((m) =>
      m.message.summary.text.includes('reflection'),
    );
    expect(sent?.message.audience).toBe('private');
    expect(textOf(sent?.message)).toContain(questionText(prompt?.questionId ?? ''));
    expect(buttonsOf(sent?.message ?? {})).toEqual({
      'reflection.answer': promptId,
      'reflection.snooze': promptId,
      'reflection.skip': promptId,
      'reflection.rhythm': promptId,
    });
    expect(prompt).toMatchObject({ cycle: '2026-W48', status: 'sent', category: 'starting' });
    expect(triad.core.scheduler.synced).toContain(triad.engagementId);
  });

  it('moves coaching to closing at issue time once the closing meeting’s week has begun, and asks a closing question', async () => {
    const triad = await triadIn();
    // The closing meeting on Wednesday of week 3 (London); its week begins Monday 14 December, 00:00.
    await triad.scheduleMeeting('closing', new Date('2026-12-16T14:00:00Z'));
    const weekBefore = new Date(firstPromptDue.getTime() + 2 * week);
    triad.core.clock.set(weekBefore);
    await triad.issue(weekBefore);
    expect((await triad.engagement()).stage).toBe('coaching');
    const closingWeek = new Date(firstPromptDue.getTime() + 3 * week);
    triad.core.clock.set(closingWeek);
    const promptId = await triad.issue(closingWeek);
    expect((await triad.engagement()).stage).toBe('closing');
    expect((await triad.core.uow.read.prompts.get(promptId))?.category).toBe('closing');
  });

  it('is a no-op the second time for the same cycle: no second prompt, no second message', async () => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    const later = new Date(firstPromptDue.getTime() + 2 * 24 * hour);
    const again = await issueReflectionPrompt({ engagementId: triad.engagementId, dueAt: later }, triad.core);
    expect(again).toEqual({ outcome: 'already_issued', promptId, cycle: '2026-W48' });
    expect(await triad.core.uow.read.prompts.listByEngagement(triad.engagementId)).toHaveLength(1);
    const prompts = (await triad.outboxTo('client_dm')).filter((m) =>
      m.message.summary.text.includes('reflection'),
    );
    expect(prompts).toHaveLength(1);
  });

  it('accepts the due time as an ISO string from a job payload', async () => {
    const triad = await triadIn();
    const result = await issueReflectionPrompt(
      { engagementId: triad.engagementId, dueAt: firstPromptDue.toISOString() },
      triad.core,
    );
    expect(result.outcome).toBe('issued');
  });

  it.each([
    [0, 'issued'],
    [1, 'not_due'],
    [2, 'issued'],
    [3, 'not_due'],
  ])('fortnightly: week %i after the start is %s', async (weeks, outcome) => {
    const triad = await triadIn('coaching', { cadence: 'fortnightly' });
    const dueAt = new Date(firstPromptDue.getTime() + weeks * week);
    const result = await issueReflectionPrompt({ engagementId: triad.engagementId, dueAt }, triad.core);
    expect(result.outcome).toBe(outcome);
  });

  it('expires the previous unanswered prompt, and leaves an answered one answered', async () => {
    const triad = await triadIn();
    const first = await triad.issue();
    const second = await triad.issue(new Date(firstPromptDue.getTime() + week));
    await answerPrompt({ actor: actors.client, promptId: second, text: 'done' }, triad.core);
    await triad.issue(new Date(firstPromptDue.getTime() + 2 * week));
    const read = triad.core.uow.read.prompts;
    expect((await read.get(first))?.status).toBe('expired');
    expect((await read.get(second))?.status).toBe('answered');
  });

  it('ignores a late job for a cycle older than the newest prompt', async () => {
    const triad = await triadIn();
    await triad.issue(new Date(firstPromptDue.getTime() + week));
    const late = await issueReflectionPrompt(
      { engagementId: triad.engagementId, dueAt: firstPromptDue },
      triad.core,
    );
    expect(late.outcome).toBe('superseded');
  });

  it.each([
    ['Monday 09:30 + 48 h is Wednesday 09:30', 48, '2026-11-23T09:30:00Z', '2026-11-25T09:30:00.000Z'],
    [
      'Friday 16:00 + 48 h moves into Monday working hours',
      48,
      '2026-11-27T16:00:00Z',
      '2026-11-30T09:00:00.000Z',
    ],
    ['a nudge after the next prompt is dropped', 170, '2026-11-23T09:30:00Z', null],
  ])('plans the nudge: %s', async (_name, nudgeAfterHours, sentAt, expected) => {
    const triad = await triadIn('coaching', { settings: { nudgeAfterHours } });
    triad.core.clock.set(new Date(sentAt));
    const result = await issueReflectionPrompt(
      { engagementId: triad.engagementId, dueAt: new Date(sentAt) },
      triad.core,
    );
    expect(result.outcome === 'issued' ? (result.nudgeDueAt?.toISOString() ?? null) : 'not issued').toBe(
      expected,
    );
  });

  it('never repeats a question within the last six prompts over a whole engagement', async () => {
    const triad = await triadIn();
    for (let i = 0; i < 12; i += 1) await triad.issue(new Date(firstPromptDue.getTime() + i * week));
    const ids = (await triad.core.uow.read.prompts.listByEngagement(triad.engagementId)).map(
      (p) => p.questionId,
    );
    for (let i = 0; i < ids.length; i += 1) expect(ids.slice(Math.max(0, i - 6), i)).not.toContain(ids[i]);
  });
});
