import { describe, expect, it } from 'vitest';
import {
  daysUntil,
  formatMeetingTime,
  parseMeetingTime,
  toLocalInput,
} from '../../src/engagement/meeting-time.js';
import { TriadError } from '../../src/errors.js';

const now = new Date('2026-03-01T12:00:00Z');

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof TriadError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('parseMeetingTime', () => {
  it.each([
    ['Europe/London', '2026-03-10T14:30', '2026-03-10T14:30:00.000Z'],
    ['America/New_York', '2026-03-10T14:30', '2026-03-10T18:30:00.000Z'],
    ['Asia/Tokyo', '2026-03-10T09:00', '2026-03-10T00:00:00.000Z'],
    ['Asia/Kolkata', '2026-03-10T09:00', '2026-03-10T03:30:00.000Z'],
  ])('reads %s local time %s as UTC %s', (zone, local, utc) => {
    const parsed = parseMeetingTime(local, zone, now);
    expect(parsed.startsAt.toISOString()).toBe(utc);
    expect(parsed.zone).toBe(zone);
    expect(parsed.ambiguityNote).toBeUndefined();
  });

  it.each([
    ['Europe/London', '2026-03-29T01:30'],
    ['America/New_York', '2026-03-08T02:15'],
  ])('refuses a time in the DST gap of %s (%s)', (zone, local) => {
    expect(refusal(() => parseMeetingTime(local, zone, new Date('2026-01-01T00:00:00Z')))).toEqual({
      code: 'date_in_gap',
      message: `That time doesn't exist in ${zone} because the clocks change.`,
    });
  });

  it.each([
    ['Europe/London', '2026-10-25T01:30', '2026-10-25T00:30:00.000Z'],
    ['America/New_York', '2026-11-01T01:30', '2026-11-01T05:30:00.000Z'],
  ])('picks the earlier of an ambiguous %s time and says so', (zone, local, utc) => {
    const parsed = parseMeetingTime(local, zone, now);
    expect(parsed.startsAt.toISOString()).toBe(utc);
    expect(parsed.ambiguityNote).toContain('happens twice');
    expect(parsed.ambiguityNote).toContain('first one');
  });

  it.each([
    ['2026-02-28T09:00', 'date_in_past', 'is in the past'],
    ['2026-03-01T12:00', 'date_in_past', 'is in the past'],
    ['2027-03-10T09:00', 'validation_failed', 'more than a year ahead'],
    ['2026-02-30T09:00', 'validation_failed', 'not a real date'],
    ['2026-03-10 9am', 'validation_failed', 'not a date and time I can read'],
    ['tomorrow', 'validation_failed', 'not a date and time I can read'],
  ])('refuses %s (%s)', (local, code, words) => {
    const refused = refusal(() => parseMeetingTime(local, 'Europe/London', now));
    expect(refused.code).toBe(code);
    expect(refused.message).toContain(words);
  });

  it('refuses an unknown zone', () => {
    expect(refusal(() => parseMeetingTime('2026-03-10T09:00', 'Mars/Olympus', now)).code).toBe(
      'validation_failed',
    );
  });
});

describe('formatting', () => {
  it('shows one instant in each zone', () => {
    const at = new Date('2026-12-01T14:30:00Z');
    expect(formatMeetingTime(at, 'Europe/London')).toBe('Tue 1 Dec 2026, 14:30 (London time)');
    expect(formatMeetingTime(at, 'America/New_York')).toBe('Tue 1 Dec 2026, 09:30 (New York time)');
    expect(formatMeetingTime(at, 'Asia/Tokyo')).toBe('Tue 1 Dec 2026, 23:30 (Tokyo time)');
  });

  it('round-trips a local input', () => {
    const parsed = parseMeetingTime('2026-07-04T16:45', 'America/Chicago', now);
    expect(toLocalInput(parsed.startsAt, 'America/Chicago')).toBe('2026-07-04T16:45');
  });

  it('counts whole days left, never negative', () => {
    expect(daysUntil(new Date('2026-03-03T12:00:00Z'), now)).toBe(2);
    expect(daysUntil(new Date('2026-03-02T13:00:00Z'), now)).toBe(2);
    expect(daysUntil(new Date('2026-02-01T00:00:00Z'), now)).toBe(0);
  });
});
