import { DateTime, IANAZone } from 'luxon';
import { TriadError } from '../errors.js';
import { friendlyZoneName } from './zone-name.js';

/**
 * Meeting times as people type and read them: a local date-time (`YYYY-MM-DDTHH:mm`) in someone's own IANA
 * zone, stored as a UTC instant plus the organiser's zone. Pure functions over luxon.
 */
export const localDateTimePattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** The furthest ahead a meeting may be set. */
export const maxDaysAhead = 366;

export interface ParsedMeetingTime {
  startsAt: Date;
  zone: string;
  /** Set when the clocks went back and the local time happened twice: the earlier one was chosen. */
  ambiguityNote?: string;
}

export const isValidZone = (zone: string): boolean => IANAZone.isValidZone(zone);

export function requireZone(zone: string): string {
  if (!isValidZone(zone)) {
    throw new TriadError(
      'validation_failed',
      `"${zone.slice(0, 60)}" is not a time zone I know.`,
      'Use an IANA time zone such as Europe/London or America/New_York.',
    );
  }
  return zone;
}

/**
 * Reads a local date-time in `zone`, refusing malformed input, times that do not exist because the clocks
 * change, times in the past and times more than a year ahead. Ambiguous times (the clocks went back) resolve to
 * the earlier instant and say so.
 */
export function parseMeetingTime(local: string, zone: string, now: Date): ParsedMeetingTime {
  requireZone(zone);
  const match = localDateTimePattern.exec(local.trim());
  if (!match) {
    throw new TriadError(
      'validation_failed',
      `"${local.slice(0, 40)}" is not a date and time I can read.`,
      'Use the picker, or write it as YYYY-MM-DDTHH:mm, e.g. 2026-12-01T14:30.',
    );
  }
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const wanted = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
  if (!wanted.isValid) {
    throw new TriadError(
      'validation_failed',
      `${local} is not a real date.`,
      'Check the day and month, e.g. 2026-12-01T14:30.',
    );
  }
  if (wanted.hour !== hour || wanted.minute !== minute || wanted.day !== day) {
    throw new TriadError(
      'date_in_gap',
      `That time doesn't exist in ${zone} because the clocks change.`,
      'Pick a time an hour later or earlier.',
    );
  }
  const candidates = wanted.getPossibleOffsets();
  const earliest = candidates.reduce((a, b) => (b.toMillis() < a.toMillis() ? b : a), wanted);
  const startsAt = earliest.toJSDate();
  if (startsAt.getTime() <= now.getTime()) {
    throw new TriadError(
      'date_in_past',
      `${formatMeetingTime(startsAt, zone)} is in the past.`,
      'Pick a time that is still to come.',
    );
  }
  if (startsAt.getTime() > now.getTime() + maxDaysAhead * 24 * 3600 * 1000) {
    throw new TriadError(
      'validation_failed',
      `${formatMeetingTime(startsAt, zone)} is more than a year ahead.`,
      'Pick a time within the next twelve months.',
    );
  }
  if (candidates.length > 1) {
    return {
      startsAt,
      zone,
      ambiguityNote: `${local.replace('T', ' ')} happens twice in ${friendlyZoneName(zone)} because the clocks go back; I used the first one (${earliest.toFormat('HH:mm ZZZZ')}).`,
    };
  }
  return { startsAt, zone };
}

/** A readable time in one person's zone, e.g. "Tue 1 Dec 2026, 14:30 (London time)". */
export function formatMeetingTime(at: Date, zone: string): string {
  const inZone = DateTime.fromJSDate(at, { zone: isValidZone(zone) ? zone : 'UTC' });
  return `${inZone.toFormat('ccc d LLL yyyy, HH:mm')} (${friendlyZoneName(inZone.zoneName ?? 'UTC')})`;
}

/** A date only, e.g. "1 Dec 2026", in a zone. */
export function formatDate(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone: isValidZone(zone) ? zone : 'UTC' }).toFormat('d LLL yyyy');
}

/** The local `YYYY-MM-DDTHH:mm` of an instant in a zone (a date-time picker's initial value). */
export function toLocalInput(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone: isValidZone(zone) ? zone : 'UTC' }).toFormat("yyyy-LL-dd'T'HH:mm");
}

/** Whole days from `now` until `until`, never negative. */
export function daysUntil(until: Date, now: Date): number {
  return Math.max(0, Math.ceil((until.getTime() - now.getTime()) / (24 * 3600 * 1000)));
}

export const addDays = (at: Date, days: number): Date => new Date(at.getTime() + days * 24 * 3600 * 1000);
