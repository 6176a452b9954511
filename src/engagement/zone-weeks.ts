import { DateTime } from 'luxon';

/**
 * Local weeks of a time zone (Monday 00:00 to the next Monday 00:00, as luxon's `startOf('week')` gives them),
 * remembered per zone, so the minute's tick asks luxon once per zone and week instead of several times per
 * engagement (week index, cycle, closing week). Exact: every boundary is luxon's own, daylight saving
 * included; an instant is only answered from a week whose boundaries contain it.
 */
export interface ZoneWeek {
  /** Local Monday 00:00 of the week (epoch ms). */
  readonly start: number;
  /** Local Monday 00:00 of the next week (epoch ms). */
  readonly end: number;
  /** Whole local weeks since Monday 1970-01-05: the difference of two is the number of weeks between them. */
  readonly serial: number;
  /** ISO week-numbering year and week of the week. */
  readonly weekYear: number;
  readonly weekNumber: number;
}

const DAY_MS = 24 * 3600_000;
const FIRST_MONDAY = Date.UTC(1970, 0, 5);
/** Weeks kept per zone; the list starts again when full (a week is a few dozen bytes). */
const WEEKS_PER_ZONE = 1_024;
const known = new Map<string, ZoneWeek[]>();

/** The local week of `instant` in `zone`; undefined when luxon does not know the zone. */
export function zoneWeek(instant: Date | number, zone: string): ZoneWeek | undefined {
  const at = typeof instant === 'number' ? instant : instant.getTime();
  let weeks = known.get(zone);
  if (weeks) {
    const found = containing(weeks, at);
    if (found) return found;
  }
  const week = computeWeek(at, zone);
  if (!week) return undefined;
  // A week that does not contain the instant (a clock change at its boundary) is answered but not remembered.
  if (at < week.start || at >= week.end) return week;
  if (!weeks || weeks.length >= WEEKS_PER_ZONE) {
    weeks = [];
    known.set(zone, weeks);
  }
  const index = weeks.findIndex((w) => w.start > week.start);
  weeks.splice(index < 0 ? weeks.length : index, 0, week);
  return week;
}

function containing(weeks: readonly ZoneWeek[], at: number): ZoneWeek | undefined {
  let low = 0;
  let high = weeks.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const week = weeks[middle] as ZoneWeek;
    if (at < week.start) high = middle - 1;
    else if (at >= week.end) low = middle + 1;
    else return week;
  }
  return undefined;
}

function computeWeek(at: number, zone: string): ZoneWeek | undefined {
  const monday = DateTime.fromMillis(at, { zone }).startOf('week');
  if (!monday.isValid) return undefined;
  const start = monday.toMillis();
  const end = monday.plus({ weeks: 1 }).toMillis();
  const serial = Math.round(
    (Date.UTC(monday.year, monday.month - 1, monday.day) - FIRST_MONDAY) / (7 * DAY_MS),
  );
  return { start, end, serial, weekYear: monday.weekYear, weekNumber: monday.weekNumber };
}
