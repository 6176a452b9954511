import { DateTime } from 'luxon';
import type { Cadence } from '../engagement/records.js';
import { zoneWeek } from '../engagement/zone-weeks.js';

/**
 * The calendar of reflection prompts, in the engagement's time zone. Pure functions over luxon.
 *
 * - A cycle is an ISO week (`2026-W47`): at most one prompt per engagement per cycle.
 * - Weekly engagements are prompted every ISO week; fortnightly ones every second ISO week, counted from the
 *   week the engagement started (week 0, 2, 4 …).
 * - Reminders (nudges, snoozes) land in the client's working hours: 09:00–18:00, Monday to Friday, by default.
 *
 * Demos and trials may configure a prompt interval instead (`promptIntervalMs`): then a prompt is due every
 * interval whatever the cadence, a cycle is one interval (`s<the interval's start, ms since the epoch>`, so keys
 * stay in time order when the interval is changed) and an interval counts as a week of the engagement when
 * choosing questions. Working hours may be `'always'`.
 */

/** Working hours in the client's zone, Monday to Friday: from `startMinute` up to `endMinute` after midnight. */
export interface WorkingHours {
  readonly startMinute: number;
  readonly endMinute: number;
}

/** 09:00–18:00. */
export const officeHours: WorkingHours = { startMinute: 9 * 60, endMinute: 18 * 60 };

/** How prompts are timed; both absent means the production calendar in office hours. */
export interface PromptTiming {
  /** Prompts every this many ms instead of the weekly / fortnightly calendar (demos, trials). */
  readonly promptIntervalMs?: number | null;
  /** When reminders may land; `'always'` for demos. Office hours when absent. */
  readonly workingHours?: WorkingHours | 'always';
}

const local = (date: Date, zone: string) => DateTime.fromJSDate(date, { zone });
const intervalOf = (timing: PromptTiming): number | null =>
  timing.promptIntervalMs && timing.promptIntervalMs > 0 ? timing.promptIntervalMs : null;

/** The cycle of an instant: its ISO week in `zone` (`2026-W47`), or its interval (`s177…`) under an interval. */
export function cycleOf(date: Date, zone: string, timing: PromptTiming = {}): string {
  const interval = intervalOf(timing);
  if (interval) return `s${Math.floor(date.getTime() / interval) * interval}`;
  const dt = zoneWeek(date, zone) ?? local(date, zone);
  return `${dt.weekYear}-W${String(dt.weekNumber).padStart(2, '0')}`;
}

/**
 * Whether cycle `a` comes after cycle `b`. Keys of one kind compare in time order; an ISO week and an interval
 * were made under different configurations and do not compare (false), so switching between them never
 * holds prompts back.
 */
export function isLaterCycle(a: string, b: string): boolean {
  const interval = /^s(\d+)$/;
  const [ia, ib] = [interval.exec(a), interval.exec(b)];
  if (ia && ib) return Number(ia[1]) > Number(ib[1]);
  if (ia || ib) return false;
  return a > b;
}

/**
 * Whole ISO weeks between the engagement's start week and the week of `date` (0 in the first week); under an
 * interval, whole intervals since the start.
 */
export function weekIndexOf(startedAt: Date, date: Date, zone: string, timing: PromptTiming = {}): number {
  const interval = intervalOf(timing);
  if (interval) return Math.floor((date.getTime() - startedAt.getTime()) / interval);
  const [from, to] = [zoneWeek(startedAt, zone), zoneWeek(date, zone)];
  if (from && to) return to.serial - from.serial;
  const startWeek = local(startedAt, zone).startOf('week');
  const thisWeek = local(date, zone).startOf('week');
  return Math.round(thisWeek.diff(startWeek, 'weeks').weeks);
}

/** Whether a prompt belongs in the cycle of `date`: fortnightly parity applies to the calendar only. */
export function isPromptWeek(
  cadence: Cadence,
  startedAt: Date,
  date: Date,
  zone: string,
  timing: PromptTiming = {},
): boolean {
  if (intervalOf(timing)) return date.getTime() >= startedAt.getTime();
  const index = weekIndexOf(startedAt, date, zone);
  if (index < 0) return false;
  return cadence === 'weekly' || index % 2 === 0;
}

/** When the prompt after one due at `dueAt` is due: one or two weeks later, same local time; or one interval. */
export function nextPromptAt(cadence: Cadence, dueAt: Date, zone: string, timing: PromptTiming = {}): Date {
  const interval = intervalOf(timing);
  if (interval) return new Date(dueAt.getTime() + interval);
  return local(dueAt, zone)
    .plus({ weeks: cadence === 'weekly' ? 1 : 2 })
    .toJSDate();
}

/** The earliest working moment at or after `date` in `zone` (Monday to Friday, within `hours`). */
export function intoWorkingHours(
  date: Date,
  zone: string,
  hours: WorkingHours | 'always' = officeHours,
): Date {
  if (hours === 'always') return date;
  const opening = { hour: Math.floor(hours.startMinute / 60), minute: hours.startMinute % 60 };
  const open = (dt: DateTime) => dt.set({ ...opening, second: 0, millisecond: 0 });
  let dt = local(date, zone);
  for (let guard = 0; guard < 8; guard += 1) {
    const weekend = dt.weekday > 5;
    const minute = dt.hour * 60 + dt.minute;
    if (!weekend && minute >= hours.startMinute && minute < hours.endMinute) return dt.toJSDate();
    if (!weekend && minute < hours.startMinute) return open(dt).toJSDate();
    dt = open(dt.plus({ days: 1 }));
    if (dt.weekday <= 5) return dt.toJSDate();
  }
  return dt.toJSDate();
}

/**
 * When to nudge about a prompt sent at `sentAt`: `afterHours` later, moved into working hours, and only if that
 * is still before the next prompt — otherwise no nudge (null).
 */
export function nudgeTime(
  sentAt: Date,
  afterHours: number,
  nextPrompt: Date,
  zone: string,
  hours: WorkingHours | 'always' = officeHours,
): Date | null {
  const due = intoWorkingHours(new Date(sentAt.getTime() + afterHours * 3600_000), zone, hours);
  return due.getTime() < nextPrompt.getTime() ? due : null;
}

/** When a snoozed prompt comes back: a day later, in working hours. */
export function snoozeUntil(now: Date, zone: string, hours: WorkingHours | 'always' = officeHours): Date {
  return intoWorkingHours(local(now, zone).plus({ days: 1 }).toJSDate(), zone, hours);
}

/** A reminder time as the client reads it, e.g. "Tuesday 24 November, 09:00". */
export function formatLocal(date: Date, zone: string): string {
  return local(date, zone).toFormat('cccc d LLLL, HH:mm');
}

/** When a prompt is next due under the weekly calendar: the engagement's weekday and time, after `now`. */
export function nextPromptDue(
  rhythm: { cadence: Cadence; startedAt: Date; promptWeekday: number; promptTime: string; timeZone: string },
  now: Date,
): Date {
  const [hour = 9, minute = 0] = rhythm.promptTime.split(':').map(Number);
  const monday = local(now, rhythm.timeZone).startOf('week');
  const dueIn = (week: number) =>
    monday
      .plus({ weeks: week, days: rhythm.promptWeekday - 1 })
      .set({ hour, minute })
      .toJSDate();
  for (let week = 0; week < 3; week += 1) {
    const due = dueIn(week);
    if (due > now && isPromptWeek(rhythm.cadence, rhythm.startedAt, due, rhythm.timeZone)) return due;
  }
  return dueIn(3);
}
