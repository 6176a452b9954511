import { describe, expect, it } from 'vitest';
import {
  cycleOf,
  formatLocal,
  intoWorkingHours,
  isPromptWeek,
  nextPromptAt,
  nudgeTime,
  snoozeUntil,
  weekIndexOf,
} from '../../src/prompts/prompt-schedule.js';

const d = (iso: string) => new Date(iso);

describe('the prompt calendar', () => {
  it.each([
    ['2026-11-23T09:30:00Z', 'Europe/London', '2026-W48'],
    ['2026-11-22T23:30:00Z', 'Europe/London', '2026-W47'],
    ['2026-11-22T23:30:00Z', 'Europe/Berlin', '2026-W48'],
    ['2027-01-01T12:00:00Z', 'Europe/London', '2026-W53'],
    ['2025-12-29T12:00:00Z', 'America/New_York', '2026-W01'],
  ])('%s in %s is cycle %s', (at, zone, cycle) => {
    expect(cycleOf(d(at), zone)).toBe(cycle);
  });

  it.each([
    ['weekly', '2026-11-23T09:30:00Z', true],
    ['weekly', '2026-11-30T09:30:00Z', true],
    ['fortnightly', '2026-11-25T09:30:00Z', true],
    ['fortnightly', '2026-11-30T09:30:00Z', false],
    ['fortnightly', '2026-12-07T09:30:00Z', true],
    ['fortnightly', '2026-12-14T09:30:00Z', false],
    ['weekly', '2026-11-16T09:30:00Z', false],
  ] as const)('a %s engagement started Mon 23 Nov is prompted in the week of %s: %s', (cadence, at, due) => {
    expect(isPromptWeek(cadence, d('2026-11-23T08:00:00Z'), d(at), 'Europe/London')).toBe(due);
  });

  it('counts ISO weeks from the start week, not seven-day spans', () => {
    const started = d('2026-11-27T16:00:00Z');
    expect(weekIndexOf(started, d('2026-11-30T09:00:00Z'), 'Europe/London')).toBe(1);
    expect(weekIndexOf(started, d('2026-11-23T09:00:00Z'), 'Europe/London')).toBe(0);
  });

  it('keeps the local time across a clock change', () => {
    const next = nextPromptAt('weekly', d('2026-10-19T08:30:00Z'), 'Europe/London');
    expect(next.toISOString()).toBe('2026-10-26T09:30:00.000Z');
    expect(nextPromptAt('fortnightly', d('2026-11-23T09:30:00Z'), 'Europe/London').toISOString()).toBe(
      '2026-12-07T09:30:00.000Z',
    );
  });

  it.each([
    ['Tuesday 10:00 stays', '2026-11-24T10:00:00Z', '2026-11-24T10:00:00.000Z'],
    ['Tuesday 07:00 moves to 09:00', '2026-11-24T07:00:00Z', '2026-11-24T09:00:00.000Z'],
    ['Tuesday 18:00 moves to Wednesday 09:00', '2026-11-24T18:00:00Z', '2026-11-25T09:00:00.000Z'],
    ['Friday 20:00 moves to Monday 09:00', '2026-11-27T20:00:00Z', '2026-11-30T09:00:00.000Z'],
    ['Saturday noon moves to Monday 09:00', '2026-11-28T12:00:00Z', '2026-11-30T09:00:00.000Z'],
    ['Sunday 08:00 moves to Monday 09:00', '2026-11-29T08:00:00Z', '2026-11-30T09:00:00.000Z'],
  ])('working hours in London: %s', (_name, at, expected) => {
    expect(intoWorkingHours(d(at), 'Europe/London').toISOString()).toBe(expected);
  });

  it('uses the engagement zone for working hours', () => {
    // 23:00 UTC Monday is 08:00 Tuesday in Tokyo: moved to 09:00 Tokyo = 00:00 UTC.
    expect(intoWorkingHours(d('2026-11-23T23:00:00Z'), 'Asia/Tokyo').toISOString()).toBe(
      '2026-11-24T00:00:00.000Z',
    );
  });

  it.each([
    [
      '48 h after Monday 09:30 is Wednesday 09:30',
      '2026-11-23T09:30:00Z',
      48,
      '2026-11-30T09:30:00Z',
      '2026-11-25T09:30:00.000Z',
    ],
    [
      '48 h after Thursday 17:00 moves to Monday 09:00',
      '2026-11-26T17:00:00Z',
      48,
      '2026-12-07T09:30:00Z',
      '2026-11-30T09:00:00.000Z',
    ],
    [
      'no nudge when it would land after the next prompt',
      '2026-11-26T17:00:00Z',
      48,
      '2026-11-30T09:00:00Z',
      null,
    ],
    [
      'no nudge at the very moment of the next prompt',
      '2026-11-23T09:30:00Z',
      168,
      '2026-11-30T09:30:00Z',
      null,
    ],
  ])('%s', (_name, sentAt, hours, next, expected) => {
    const due = nudgeTime(d(sentAt), hours, d(next), 'Europe/London');
    expect(due ? due.toISOString() : null).toBe(expected);
  });

  it('snoozes for a day into working hours', () => {
    expect(snoozeUntil(d('2026-11-27T10:00:00Z'), 'Europe/London').toISOString()).toBe(
      '2026-11-30T09:00:00.000Z',
    );
    expect(snoozeUntil(d('2026-11-24T10:00:00Z'), 'Europe/London').toISOString()).toBe(
      '2026-11-25T10:00:00.000Z',
    );
  });

  it('formats times in the client’s zone', () => {
    expect(formatLocal(d('2026-11-25T10:00:00Z'), 'America/New_York')).toBe('Wednesday 25 November, 05:00');
  });
});
