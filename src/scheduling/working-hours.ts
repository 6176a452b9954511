import { DateTime } from 'luxon';

/** A person's working hours in their own zone: Monday to Friday, `start` to `end` (HH:MM). */
export interface WorkingHours {
  start: string;
  end: string;
}

export const defaultWorkingHours: WorkingHours = { start: '09:00', end: '18:00' };

const minutesOf = (hhmm: string): number => {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
};

/**
 * The first instant at or after `at` that falls inside working hours in `zone`: unchanged when it already
 * does, otherwise the start of the next working day (weekends skipped). Pure; luxon handles the clock changes.
 */
export function nextWorkingMoment(at: Date, zone: string, hours: WorkingHours = defaultWorkingHours): Date {
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  let local = DateTime.fromJSDate(at, { zone });
  for (let day = 0; day < 8; day += 1) {
    const minute = local.hour * 60 + local.minute;
    if (local.weekday <= 5 && minute >= start && minute < end) return local.toJSDate();
    if (local.weekday <= 5 && minute < start) {
      return local
        .set({ hour: Math.floor(start / 60), minute: start % 60, second: 0, millisecond: 0 })
        .toJSDate();
    }
    local = local
      .plus({ days: 1 })
      .set({ hour: Math.floor(start / 60), minute: start % 60, second: 0, millisecond: 0 });
  }
  return local.toJSDate();
}

/** Whether `at` is inside working hours in `zone`. */
export const isWorkingMoment = (at: Date, zone: string, hours: WorkingHours = defaultWorkingHours): boolean =>
  nextWorkingMoment(at, zone, hours).getTime() === at.getTime();
