import { describe, expect, it } from 'vitest';
import type { ClosingWeek } from '../../src/engagement/lifecycle.js';
import { promptCategories } from '../../src/engagement/records.js';
import {
  categoryFor,
  choosePrompt,
  noRepeatWindow,
  type Progress,
  questionById,
  questions,
  questionText,
} from '../../src/prompts/prompt-bank.js';

/** Progress in week `weekIndex` of a 12-week engagement, a few prompts and a session in. */
const at = (weekIndex: number, more: Partial<Progress> = {}): Progress => ({
  weekIndex,
  totalWeeks: 12,
  promptsSoFar: 3,
  sessionsHeld: 1,
  midpointHeld: false,
  closingWeek: 'unscheduled',
  ...more,
});

/** Asks `count` questions in a row, one a week from week 2, as the prompt job would, and returns their ids. */
function run(
  count: number,
  totalWeeks = 12,
  closingWeek: (week: number) => ClosingWeek = () => 'unscheduled',
) {
  const history: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const week = 2 + i;
    const progress = at(week, { totalWeeks, promptsSoFar: i, closingWeek: closingWeek(week) });
    history.push(choosePrompt(progress, history).id);
  }
  return history;
}

describe('the prompt bank', () => {
  it('has unique, stable ids and questions in all five categories, enough to fill the window but for starting', () => {
    expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
    expect(promptCategories).toEqual([
      'starting',
      'check_in',
      'meaning_making',
      'action_planning',
      'closing',
    ]);
    expect(questions.filter((q) => q.category === 'starting').length).toBeGreaterThanOrEqual(3);
    for (const category of ['check_in', 'meaning_making', 'action_planning', 'closing'] as const) {
      expect(questions.filter((q) => q.category === category).length).toBeGreaterThan(noRepeatWindow);
    }
    expect(questionById('ap-04')?.text).toBe('What support do you need, and from whom?');
  });

  it('reads a retired question id as a neutral line', () => {
    expect(questionText('zz-99')).toBe('A reflection question');
  });

  it.each<[string, Progress, string]>([
    ['the first prompt', at(2, { promptsSoFar: 0 }), 'starting'],
    ['the second prompt before any session', at(3, { promptsSoFar: 1, sessionsHeld: 0 }), 'starting'],
    ['the second prompt after a session', at(3, { promptsSoFar: 1 }), 'check_in'],
    ['the third prompt before any session', at(3, { promptsSoFar: 2, sessionsHeld: 0 }), 'check_in'],
    ['week 3 of 12', at(3), 'check_in'],
    ['week 4 of 12 (one third)', at(4), 'meaning_making'],
    ['week 6 of 12 without the mid-point', at(6), 'meaning_making'],
    ['week 6 of 12 after the mid-point', at(6, { midpointHeld: true }), 'action_planning'],
    ['week 5 of 12 after an early mid-point', at(5, { midpointHeld: true }), 'meaning_making'],
    ['week 8 of 12 (two thirds)', at(8), 'action_planning'],
    ['the last week without a closing meeting', at(11), 'closing'],
    ['the last week, the closing meeting later', at(11, { closingWeek: 'ahead' }), 'action_planning'],
    ['week 9 in the closing week', at(9, { closingWeek: 'begun' }), 'closing'],
    ['the first prompt in the closing week', at(2, { promptsSoFar: 0, closingWeek: 'begun' }), 'closing'],
  ])('%s: %s', (_when, progress, category) => {
    expect(categoryFor(progress)).toBe(category);
  });

  it('moves through the five categories in order over twelve weeks', () => {
    const categories = run(10, 12, (week) => (week >= 11 ? 'begun' : 'ahead')).map(
      (id) => questionById(id)?.category,
    );
    expect(categories).toEqual([
      'starting',
      'check_in',
      'meaning_making',
      'meaning_making',
      'meaning_making',
      'meaning_making',
      'action_planning',
      'action_planning',
      'action_planning',
      'closing',
    ]);
  });

  it.each([12, 26, 52])('never repeats a question within the last %i-week engagement’s window', (weeks) => {
    const history = run(weeks + 6, weeks);
    for (let i = 0; i < history.length; i += 1) {
      const window = history.slice(Math.max(0, i - noRepeatWindow), i);
      expect(window).not.toContain(history[i]);
    }
  });

  it('falls back to another category once a category is exhausted within the window', () => {
    const actionIds = questions.filter((q) => q.category === 'action_planning').map((q) => q.id);
    const history = ['ci-01', 'mm-01', ...actionIds.slice(0, noRepeatWindow)];
    const next = choosePrompt(at(8), history);
    expect(history.slice(-noRepeatWindow)).not.toContain(next.id);
    expect(next.category).toBe('action_planning');
    const allRecent = actionIds.slice(-noRepeatWindow);
    const crowded = [...actionIds.slice(0, 2), ...allRecent];
    const after = choosePrompt(at(8), crowded);
    expect(crowded.slice(-noRepeatWindow)).not.toContain(after.id);
  });

  it('prefers a question never asked over one asked long ago', () => {
    const history = ['ap-01', 'ci-01', 'ci-02', 'ci-03', 'ci-04', 'ci-05', 'ci-06'];
    expect(choosePrompt(at(8), history).id).toBe('ap-02');
  });

  it('is deterministic', () => {
    expect(run(20)).toEqual(run(20));
  });
});
