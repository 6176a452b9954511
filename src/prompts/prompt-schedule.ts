import { DateTime } from 'luxon';
import type { Cadence } from '../engagement/records.js';

/**
 * The calendar of reflection prompts, in the engagement's time zone. Pure functions over luxon.
 *
 * - A cycle is an ISO week (`2026-W47`): at most one prompt per engagement per cycle.
 * - Weekly engagements are prompted every ISO week; fortnightly ones every second ISO week, counted from the
 *   week the engagement started (week 0, 2, 4 …).
 * - Reminders (nudges, snoozes) land in the client's working hours: 09:00–18:00, Monday to Friday.
 */
export const workdayStartHour = 9;
export const workdayEndHour = 18;

const local = (date: Date, zone: string) => DateTime.fromJSDate(date, { zone });

/** The ISO week key of an instant in a zone, e.g. `2026-W47`. */
export function cycleOf(date: Date, zone: string): string {
  const dt = local(date, zone);
  return `${dt.weekYear}-W${String(dt.weekNumber).padStart(2, '0')}`;
}

/** Whole ISO weeks between the engagement's start week and the week of `date` (0 in the first week). */
export function weekIndexOf(startedAt: Date, date: Date, zone: string): number {
  const startWeek = local(startedAt, zone).startOf('week');
  const thisWeek = local(date, zone).startOf('week');
  return Math.round(thisWeek.diff(startWeek, 'weeks').weeks);
}

/** Whether a prompt belongs in the week of `date`. */
export function isPromptWeek(cadence: Cadence, startedAt: Date, date: Date, zone: string): boolean {
  const index = weekIndexOf(startedAt, date, zone);
  if (index < 0) return false;
  return cadence === 'weekly' || index % 2 === 0;
}

/** When the prompt after one due at `dueAt` is due: one or two weeks later, same local time. */
export function nextPromptAt(cadence: Cadence, dueAt: Date, zone: string): Date {
  return local(dueAt, zone)
    .plus({ weeks: cadence === 'weekly' ? 1 : 2 })
    .toJSDate();
}

/** The earliest working moment at or after `date`: 09:00–18:00 Monday to Friday in `zone`. */
export function intoWorkingHours(date: Date, zone: string): Date {
  let dt = local(date, zone);
  for (let guard = 0; guard < 8; guard += 1) {
    const weekend = dt.weekday > 5;
    if (!weekend && dt.hour >= workdayStartHour && dt.hour < workdayEndHour) return dt.toJSDate();
    if (!weekend && dt.hour < workdayStartHour) {
      return dt.set({ hour: workdayStartHour, minute: 0, second: 0, millisecond: 0 }).toJSDate();
    }
    dt = dt.plus({ days: 1 }).set({ hour: workdayStartHour, minute: 0, second: 0, millisecond: 0 });
    if (dt.weekday <= 5) return dt.toJSDate();
  }
  return dt.toJSDate();
}

/**
 * When to nudge about a prompt sent at `sentAt`: `afterHours` later, moved into working hours, and only if that
 * is still before the next prompt — otherwise no nudge (null).
 */
export function nudgeTime(sentAt: Date, afterHours: number, nextPrompt: Date, zone: string): Date | null {
  const due = intoWorkingHours(new Date(sentAt.getTime() + afterHours * 3600_000), zone);
  return due.getTime() < nextPrompt.getTime() ? due : null;
}

/** When a snoozed prompt comes back: a day later, in working hours. */
export function snoozeUntil(now: Date, zone: string): Date {
  return intoWorkingHours(local(now, zone).plus({ days: 1 }).toJSDate(), zone);
}

/** A reminder time as the client reads it, e.g. "Tuesday 24 November, 09:00". */
export function formatLocal(date: Date, zone: string): string {
  return local(date, zone).toFormat('cccc d LLLL, HH:mm');
}
