import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { closingWeekStart } from '../../src/engagement/lifecycle.js';
import { zoneWeek } from '../../src/engagement/zone-weeks.js';
import { cycleOf, weekIndexOf } from '../../src/prompts/prompt-schedule.js';

/** Zones with daylight saving on either hemisphere, half- and quarter-hour offsets, a date-line move, none. */
const zones = [
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Santiago',
  'America/Havana',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Apia',
  'Pacific/Chatham',
  'UTC',
];
const instant = fc.integer({ min: Date.UTC(2009, 0, 1), max: Date.UTC(2032, 0, 1) });
const zone = fc.constantFrom(...zones);

/** What the calendar computed with luxon for every call before weeks were remembered. */
const luxonWeekStart = (at: number, z: string) => DateTime.fromMillis(at, { zone: z }).startOf('week');

describe('remembered zone weeks', () => {
  it('answer every instant with the week luxon gives it, in any order of asking', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(instant, zone), { minLength: 1, maxLength: 40 }), (asks) => {
        for (const [at, z] of asks) {
          const week = zoneWeek(at, z);
          const monday = luxonWeekStart(at, z);
          expect(week?.start).toBe(monday.toMillis());
          expect(week?.end).toBe(monday.plus({ weeks: 1 }).toMillis());
          expect([week?.weekYear, week?.weekNumber]).toEqual([monday.weekYear, monday.weekNumber]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('count weeks, cycles and closing weeks as luxon does, across clock changes', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -3 * 7 * 24, max: 30 * 7 * 24 }), zone, (start, hours, z) => {
        const date = start + hours * 3600_000;
        const startWeek = luxonWeekStart(start, z);
        const thisWeek = luxonWeekStart(date, z);
        expect(weekIndexOf(new Date(start), new Date(date), z)).toBe(
          Math.round(thisWeek.diff(startWeek, 'weeks').weeks),
        );
        const local = DateTime.fromMillis(date, { zone: z });
        expect(cycleOf(new Date(date), z)).toBe(
          `${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`,
        );
        expect(closingWeekStart(new Date(date), z).getTime()).toBe(thisWeek.toMillis());
      }),
      { numRuns: 500 },
    );
  });

  it('answer the week boundaries themselves on the right side', () => {
    for (const z of zones) {
      const monday = luxonWeekStart(Date.UTC(2026, 2, 30, 12), z).toMillis();
      expect(zoneWeek(monday, z)?.start).toBe(monday);
      expect(zoneWeek(monday - 1, z)?.end).toBe(monday);
    }
  });

  it('leave an unknown zone to luxon, as before', () => {
    expect(zoneWeek(Date.UTC(2026, 0, 1), 'Not/A_Zone')).toBeUndefined();
    expect(weekIndexOf(new Date('2026-01-01'), new Date('2026-02-01'), 'Not/A_Zone')).toBeNaN();
    expect(Number.isNaN(closingWeekStart(new Date('2026-01-01'), 'Not/A_Zone').getTime())).toBe(true);
  });
});
