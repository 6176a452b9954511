import { describe, expect, it } from 'vitest';
import type { EngagementStage } from '../../src/engagement/records.js';
import {
  choosePrompt,
  noRepeatWindow,
  phaseOf,
  questionById,
  questions,
  questionText,
} from '../../src/prompts/prompt-bank.js';

const at = (weekIndex: number, stage: EngagementStage = 'coaching', totalWeeks = 12) => ({
  stage,
  weekIndex,
  totalWeeks,
});

/** Asks `count` questions in a row, as the prompt job would, and returns their ids. */
function run(count: number, start = 0, totalWeeks = 12): string[] {
  const history: string[] = [];
  for (let i = 0; i < count; i += 1)
    history.push(choosePrompt(at(start + i, 'coaching', totalWeeks), history).id);
  return history;
}

describe('the prompt bank', () => {
  it('has unique, stable ids and non-empty questions in all four categories', () => {
    expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
    for (const category of ['check_in', 'meaning_making', 'action_planning', 'closing'] as const) {
      expect(questions.filter((q) => q.category === category).length).toBeGreaterThan(noRepeatWindow);
    }
    expect(questionById('ap-04')?.text).toBe('What support do you need, and from whom?');
  });

  it('reads a retired question id as a neutral line', () => {
    expect(questionText('zz-99')).toBe('A reflection question');
  });

  it.each([
    { weekIndex: 3, stage: 'coaching', asked: 0, phase: 'opening' },
    { weekIndex: 3, stage: 'coaching', asked: 1, phase: 'opening' },
    { weekIndex: 2, stage: 'coaching', asked: 5, phase: 'opening' },
    { weekIndex: 3, stage: 'coaching', asked: 2, phase: 'middle' },
    { weekIndex: 9, stage: 'coaching', asked: 6, phase: 'middle' },
    { weekIndex: 10, stage: 'coaching', asked: 7, phase: 'closing' },
    { weekIndex: 14, stage: 'coaching', asked: 9, phase: 'closing' },
    { weekIndex: 5, stage: 'closing', asked: 3, phase: 'closing' },
  ] as const)(
    'week $weekIndex ($stage, $asked asked before) is the $phase phase',
    ({ weekIndex, stage, asked, phase }) => {
      expect(phaseOf(at(weekIndex, stage), asked)).toBe(phase);
    },
  );

  it('opens with check-in and meaning-making, works on action planning in the middle and closes with closing questions', () => {
    const history = run(12);
    const categories = history.map((id) => questionById(id)?.category);
    expect(categories.slice(0, 3)).toEqual(['check_in', 'meaning_making', 'check_in']);
    expect(categories.slice(3, 10).every((c) => c === 'action_planning')).toBe(true);
    expect(categories.slice(10)).toEqual(['closing', 'closing']);
  });

  it.each([12, 26, 52])('never repeats a question within the last %i-week engagement’s window', (weeks) => {
    const history = run(weeks + 6, 0, weeks);
    for (let i = 0; i < history.length; i += 1) {
      const window = history.slice(Math.max(0, i - noRepeatWindow), i);
      expect(window).not.toContain(history[i]);
    }
  });

  it('falls back to another category once a category is exhausted within the window', () => {
    const actionIds = questions.filter((q) => q.category === 'action_planning').map((q) => q.id);
    const history = ['ci-01', 'mm-01', ...actionIds.slice(0, noRepeatWindow)];
    const next = choosePrompt(at(6), history);
    expect(history.slice(-noRepeatWindow)).not.toContain(next.id);
    expect(next.category).toBe('action_planning');
    const allRecent = actionIds.slice(-noRepeatWindow);
    const crowded = [...actionIds.slice(0, 2), ...allRecent];
    const after = choosePrompt(at(6), crowded);
    expect(crowded.slice(-noRepeatWindow)).not.toContain(after.id);
  });

  it('prefers a question never asked over one asked long ago', () => {
    const history = ['ap-01', 'ci-01', 'ci-02', 'ci-03', 'ci-04', 'ci-05', 'ci-06'];
    expect(choosePrompt(at(6), history).id).toBe('ap-02');
  });

  it('is deterministic', () => {
    expect(run(20)).toEqual(run(20));
  });
});
