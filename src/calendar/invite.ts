import ical, { ICalAttendeeRole, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';

/**
 * Calendar invites (RFC 5545 / iTIP) for Triad's meetings and coaching sessions, built with ical-generator — a
 * plain library with no I/O, so it lives in the core. One event per meeting: its UID never changes, its
 * SEQUENCE is the meeting's version (raised by every move and by the cancel), a cancel is `METHOD:CANCEL` with
 * `STATUS:CANCELLED`. Times are written in the reader's own zone with that zone's VTIMEZONE, so a calendar that
 * ignores the zone still shows the right wall-clock time. Logistics only: names, the meeting's kind, its time
 * and an optional call link; never anything typed in a private space.
 */
export interface InviteInput {
  /** The meeting's id: the event's UID is `<id>@triad`. */
  meetingId: string;
  /** The meeting's version: SEQUENCE, raised by every change. */
  version: number;
  startsAt: Date;
  durationMinutes: number;
  /** The event's title, e.g. "Sponsor alignment meeting". */
  title: string;
  /** Bot-composed logistics: who meets and why, never private text. */
  description: string;
  /** The zone the times are written in: the reader's own. */
  timeZone: string;
  organiser: InvitePerson;
  attendees: readonly InvitePerson[];
  cancelled: boolean;
  /** When the meeting last changed (DTSTAMP): the same invite is built byte for byte on a retry. */
  changedAt: Date;
  /** A video-call link or place, shown as the event's LOCATION and URL. */
  url?: string | undefined;
  location?: string | undefined;
}

/**
 * A person by name. Triad holds no email addresses, so the calendar address is a reserved `.invalid` one
 * (RFC 2606: no mail can ever go to it) and the name (CN) is what calendars show.
 */
export interface InvitePerson {
  id: string;
  name: string;
}

export interface Invite {
  /** A content-free file name, e.g. "triad-alignment.ics". */
  name: string;
  text: string;
}

const address = (person: InvitePerson) => `${person.id.replace(/[^A-Za-z0-9._-]/g, '')}@people.triad.invalid`;

export const inviteUid = (meetingId: string) => `${meetingId}@triad`;

const vtimezones = new Map<string, string | null>();

/** The VTIMEZONE block of an IANA zone, from timezones-ical-library's database (looked up once per zone). */
const vtimezone = (zone: string): string | null => {
  if (!vtimezones.has(zone)) vtimezones.set(zone, tzlib_get_ical_block(zone)[0] ?? null);
  return vtimezones.get(zone) ?? null;
};

export const endOf = (input: Pick<InviteInput, 'startsAt' | 'durationMinutes'>) =>
  new Date(input.startsAt.getTime() + input.durationMinutes * 60_000);

/** A UTC date-time in iCalendar's basic form, e.g. 20261202T231500Z. */
const compact = (at: Date) =>
  at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

export function buildInvite(input: InviteInput, fileName: string): Invite {
  const calendar = ical({
    prodId: { company: 'Triad', product: 'Triad', language: 'EN' },
    method: input.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  calendar.timezone({ name: input.timeZone, generator: vtimezone });
  const place = input.location ?? input.url;
  calendar.createEvent({
    id: inviteUid(input.meetingId),
    sequence: input.version,
    // Dates as luxon times in the zone: ical-generator writes a plain Date's UTC digits under the TZID.
    start: DateTime.fromJSDate(input.startsAt, { zone: input.timeZone }),
    end: DateTime.fromJSDate(endOf(input), { zone: input.timeZone }),
    timezone: input.timeZone,
    summary: input.title,
    description: input.description,
    status: input.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: input.organiser.name, email: address(input.organiser) },
    attendees: input.attendees.map((person) => ({
      name: person.name,
      email: address(person),
      role: ICalAttendeeRole.REQ,
      rsvp: false,
    })),
    ...(place ? { location: place } : {}),
    ...(input.url ? { url: input.url } : {}),
  });
  // DTSTAMP is UTC by definition; ical-generator writes it as a floating time under a calendar zone.
  const stamp = `DTSTAMP:${compact(input.changedAt)}`;
  return { name: fileName, text: calendar.toString().replace(/^DTSTAMP:[^\r\n]*/m, stamp) };
}

/** "Add to Google Calendar" and "Add to Outlook" links: the same event, prefilled, in the reader's zone. */
export function calendarLinks(input: InviteInput): { google: string; outlook: string } {
  const details = input.url ? `${input.description}\n${input.url}` : input.description;
  const google = new URL('https://calendar.google.com/calendar/render');
  google.search = new URLSearchParams({
    action: 'TEMPLATE',
    text: input.title,
    dates: `${compact(input.startsAt)}/${compact(endOf(input))}`,
    details,
    ctz: input.timeZone,
    ...(input.location || input.url ? { location: input.location ?? input.url ?? '' } : {}),
  }).toString();
  const outlook = new URL('https://outlook.office.com/calendar/0/deeplink/compose');
  outlook.search = new URLSearchParams({
    path: '/calendar/action/compose',
    rru: 'addevent',
    subject: input.title,
    startdt: input.startsAt.toISOString(),
    enddt: endOf(input).toISOString(),
    body: details,
    ...(input.location || input.url ? { location: input.location ?? input.url ?? '' } : {}),
  }).toString();
  return { google: google.toString(), outlook: outlook.toString() };
}
