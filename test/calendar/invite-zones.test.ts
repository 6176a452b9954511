import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { revealPrivateText } from '../../src/confidentiality/private-text.js';
import { formatMeetingTime } from '../../src/engagement/meeting-time.js';
import type { Meeting, Person } from '../../src/engagement/records.js';
import { meetingInviteFile } from '../../src/messages/compose/meeting-invite.js';
import type { Attachment } from '../../src/messages/message.js';

/**
 * The times of an invite, read by an independent parser (ical.js), against what each attendee is shown: attendees
 * in New York, London and Kolkata, for meetings on either side of the US (8 Mar, 1 Nov 2026) and UK (29 Mar,
 * 25 Oct 2026) clock changes; India keeps one offset all year.
 */
const person = (id: string, displayName: string, timeZone: string): Person => ({
  id,
  organisationId: 'org',
  platformUserId: `U-${id}`,
  displayName,
  timeZone,
  homeTeamId: null,
  directAddress: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

const ada = person('p-ada', 'Ada Client', 'America/New_York');
const ben = person('p-ben', 'Ben Sponsor', 'Europe/London');
const chitra = person('p-chitra', 'Chitra Coach', 'Asia/Kolkata');
const attendees = [ada, ben, chitra];

const meetingAt = (startsAt: Date): Meeting => ({
  id: '6f1c2a34-0000-4000-8000-0000000000aa',
  engagementId: 'e-1',
  kind: 'alignment',
  status: 'scheduled',
  startsAt,
  durationMinutes: 45,
  organiserId: ada.id,
  organiserZone: ada.timeZone,
  threadAddress: null,
  videoUrl: null,
  coachId: null,
  heldAt: null,
  version: 2,
  createdAt: new Date(0),
  updatedAt: startsAt,
});

const textOf = (file: Attachment) =>
  file.content.map((part) => (part.kind === 'private' ? revealPrivateText(part.text) : part.text)).join('');

/** Parses an invite with ical.js and registers its VTIMEZONE, so times in that zone convert. */
function parse(file: Attachment) {
  const calendar = new ICAL.Component(ICAL.parse(textOf(file)));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  return new ICAL.Event(vevent);
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');
/** An ical.js local time as the date and clock a person reads, e.g. "5 Mar 2026, 09:00". */
const wallClock = (t: ICAL.Time) =>
  `${t.day} ${months[t.month - 1]} ${t.year}, ${pad(t.hour)}:${pad(t.minute)}`;
/** The same from what Triad shows a person, "Thu 5 Mar 2026, 09:00 (New York time)". */
const shown = (text: string) => text.replace(/^\w{3} /, '').replace(/ \(.*\)$/, '');

describe('invite times across DST changes, for attendees in New York, London and Kolkata', () => {
  it.each([
    ['2026-03-05T14:00:00Z', 'before any change'],
    ['2026-03-10T14:00:00Z', 'New York on summer time, London not yet'],
    ['2026-03-31T14:00:00Z', 'both on summer time'],
    ['2026-10-27T14:00:00Z', 'London back on winter time, New York not yet'],
    ['2026-11-02T23:30:00Z', 'both on winter time; Kolkata already the next day'],
  ])('a meeting at %s (%s) reads the same instant in UTC and each zone', (utc, _when) => {
    const startsAt = new Date(utc);
    const meeting = meetingAt(startsAt);
    // The file Slack uploads and the local transcript shows: written in the client's zone.
    const shared = parse(meetingInviteFile(meeting, { attendees, timeZone: ada.timeZone }));
    expect(shared.startDate.zone?.tzid).toBe(ada.timeZone);
    expect(shared.startDate.toJSDate().toISOString()).toBe(startsAt.toISOString());
    expect(shared.endDate.toJSDate().getTime() - startsAt.getTime()).toBe(45 * 60_000);
    for (const reader of attendees) {
      // The file a Teams link gives this attendee: written in their own zone, the same instant.
      const own = parse(meetingInviteFile(meeting, { attendees, timeZone: reader.timeZone }));
      expect(own.startDate.zone?.tzid).toBe(reader.timeZone);
      expect(own.startDate.toJSDate().toISOString()).toBe(startsAt.toISOString());
      expect(own.uid).toBe(shared.uid);
      // The shared file converted by ical.js into the attendee's zone reads what Triad shows them.
      const zone = ICAL.TimezoneService.get(reader.timeZone);
      if (!zone) throw new Error(`no VTIMEZONE for ${reader.timeZone}`);
      const converted = shared.startDate.convertToZone(zone);
      const theirs = shown(formatMeetingTime(startsAt, reader.timeZone));
      expect({ reader: reader.displayName, time: wallClock(converted) }).toEqual({
        reader: reader.displayName,
        time: theirs,
      });
      expect(wallClock(own.startDate)).toBe(theirs);
    }
  });
});
