import { describe, expect, it } from 'vitest';
import {
  cycleOf,
  intoWorkingHours,
  isLaterCycle,
  isPromptWeek,
  nextPromptAt,
  nudgeTime,
  snoozeUntil,
  type WorkingHours,
  weekIndexOf,
} from '../../src/prompts/prompt-schedule.js';

const d = (iso: string) => new Date(iso);
const london = 'Europe/London';
const everyTenSeconds = { promptIntervalMs: 10_000 };

describe('prompt cycles under a configured interval (demos and trials)', () => {
  it('names a cycle after the start of its interval, not the ISO week', () => {
    expect(cycleOf(d('2026-11-23T09:30:04Z'), london, everyTenSeconds)).toBe(
      `s${d('2026-11-23T09:30:00Z').getTime()}`,
    );
    expect(cycleOf(d('2026-11-23T09:30:04Z'), london)).toBe('2026-W48');
    expect(cycleOf(d('2026-11-23T09:30:04Z'), london, { promptIntervalMs: null })).toBe('2026-W48');
  });

  it('gives two runs of the same interval the same cycle and consecutive runs different ones', () => {
    const first = cycleOf(d('2026-11-23T09:30:00.000Z'), london, everyTenSeconds);
    expect(cycleOf(d('2026-11-23T09:30:09.999Z'), london, everyTenSeconds)).toBe(first);
    expect(cycleOf(d('2026-11-23T09:30:10.000Z'), london, everyTenSeconds)).not.toBe(first);
  });

  it('orders cycles of one kind in time and never holds a prompt back across a change of configuration', () => {
    const at = (iso: string, interval: number) => cycleOf(d(iso), london, { promptIntervalMs: interval });
    expect(isLaterCycle(at('2026-11-23T09:30:10Z', 10_000), at('2026-11-23T09:30:00Z', 10_000))).toBe(true);
    expect(isLaterCycle(at('2026-11-23T09:30:00Z', 10_000), at('2026-11-23T09:30:10Z', 10_000))).toBe(false);
    // The interval was lengthened from 5 s to 60 s: a later run is still later.
    expect(isLaterCycle(at('2026-11-23T09:31:00Z', 60_000), at('2026-11-23T09:30:55Z', 5_000))).toBe(true);
    expect(isLaterCycle('2026-W49', '2026-W48')).toBe(true);
    expect(isLaterCycle('2026-W48', at('2026-11-23T09:30:00Z', 10_000))).toBe(false);
    expect(isLaterCycle(at('2026-11-23T09:30:00Z', 10_000), '2026-W48')).toBe(false);
  });

  it('prompts every interval whatever the cadence: fortnightly parity belongs to the calendar', () => {
    const started = d('2026-11-23T08:00:00Z');
    const nextWeek = d('2026-11-30T09:30:00Z');
    expect(isPromptWeek('fortnightly', started, nextWeek, london)).toBe(false);
    expect(isPromptWeek('fortnightly', started, nextWeek, london, everyTenSeconds)).toBe(true);
    expect(isPromptWeek('weekly', started, d('2026-11-23T07:59:59Z'), london, everyTenSeconds)).toBe(false);
  });

  it('counts intervals as the weeks of the engagement and the next prompt one interval on', () => {
    const started = d('2026-11-23T08:00:00Z');
    expect(weekIndexOf(started, d('2026-11-23T08:00:35Z'), london, everyTenSeconds)).toBe(3);
    expect(nextPromptAt('fortnightly', d('2026-11-23T08:00:30Z'), london, everyTenSeconds)).toEqual(
      d('2026-11-23T08:00:40Z'),
    );
  });
});

describe('working hours from configuration', () => {
  const earlyShift: WorkingHours = { startMinute: 7 * 60 + 30, endMinute: 15 * 60 };

  it.each([
    ['Tuesday 07:00 moves to 07:30', '2026-11-24T07:00:00Z', '2026-11-24T07:30:00.000Z'],
    ['Tuesday 14:59 stays', '2026-11-24T14:59:00Z', '2026-11-24T14:59:00.000Z'],
    ['Tuesday 15:00 moves to Wednesday 07:30', '2026-11-24T15:00:00Z', '2026-11-25T07:30:00.000Z'],
    ['Saturday noon moves to Monday 07:30', '2026-11-28T12:00:00Z', '2026-11-30T07:30:00.000Z'],
  ])('07:30–15:00 in London: %s', (_name, at, expected) => {
    expect(intoWorkingHours(d(at), london, earlyShift).toISOString()).toBe(expected);
  });

  it('leaves every moment where it is when working hours are "always"', () => {
    expect(intoWorkingHours(d('2026-11-28T23:59:00Z'), london, 'always')).toEqual(d('2026-11-28T23:59:00Z'));
  });

  it('nudges seconds after a prompt at any hour under "always", and only before the next prompt', () => {
    const sentAt = d('2026-11-28T23:00:00Z');
    const next = d('2026-11-28T23:00:10Z');
    expect(nudgeTime(sentAt, 4 / 3600, next, london, 'always')).toEqual(d('2026-11-28T23:00:04Z'));
    expect(nudgeTime(sentAt, 4 / 3600, next, london)).toBeNull();
    expect(nudgeTime(sentAt, 12 / 3600, next, london, 'always')).toBeNull();
  });

  it('brings a snoozed prompt back a day later in the configured hours', () => {
    expect(snoozeUntil(d('2026-11-24T16:00:00Z'), london, earlyShift).toISOString()).toBe(
      '2026-11-26T07:30:00.000Z',
    );
    expect(snoozeUntil(d('2026-11-28T23:00:00Z'), london, 'always').toISOString()).toBe(
      '2026-11-29T23:00:00.000Z',
    );
  });
});
