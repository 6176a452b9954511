import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildInvite, calendarLinks, type InviteInput, inviteUid } from '../../src/calendar/invite.js';

/** Parses an invite with ical.js (an independent parser), its VTIMEZONEs registered so times convert. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  return { calendar, vevent, event: new ICAL.Event(vevent) };
}

const base: InviteInput = {
  meetingId: '6f1c2a34-0000-4000-8000-000000000001',
  version: 1,
  startsAt: new Date('2026-03-05T14:00:00Z'),
  durationMinutes: 45,
  title: 'Sponsor alignment meeting',
  description: 'Sponsor alignment meeting with Ada Client, Sam Sponsor, Kim Coach, arranged in Triad.',
  timeZone: 'Europe/London',
  organiser: { id: 'p-ada', name: 'Ada Client' },
  attendees: [
    { id: 'p-ada', name: 'Ada Client' },
    { id: 'p-sam', name: 'Sam Sponsor' },
    { id: 'p-kim', name: 'Kim Coach' },
  ],
  cancelled: false,
  changedAt: new Date('2026-03-01T09:00:00Z'),
};

describe('calendar invites', () => {
  it('parses with ical.js, with a stable UID, SEQUENCE, organiser and attendees by name', () => {
    const { calendar, vevent, event } = parse(buildInvite(base, 'triad-alignment.ics').text);
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(event.uid).toBe(inviteUid(base.meetingId));
    expect(event.sequence).toBe(1);
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(vevent.getFirstProperty('organizer')?.getParameter('cn')).toBe('Ada Client');
    expect(event.attendees.map((a) => a.getParameter('cn'))).toEqual([
      'Ada Client',
      'Sam Sponsor',
      'Kim Coach',
    ]);
    // Triad has no email addresses: calendar addresses are reserved ones no mail can reach.
    for (const a of event.attendees) expect(String(a.getFirstValue())).toMatch(/@people\.triad\.invalid$/);
    expect(vevent.getFirstPropertyValue('dtstamp')?.toString()).toBe('2026-03-01T09:00:00Z');
    expect(event.description).toBe(base.description);
  });

  it('keeps the UID and raises SEQUENCE on a move; a cancel is METHOD:CANCEL with STATUS:CANCELLED', () => {
    const first = parse(buildInvite(base, 'a.ics').text);
    const moved = parse(
      buildInvite({ ...base, version: 2, startsAt: new Date('2026-03-31T14:00:00Z') }, 'a.ics').text,
    );
    const cancelled = parse(buildInvite({ ...base, version: 3, cancelled: true }, 'a.ics').text);
    expect(moved.event.uid).toBe(first.event.uid);
    expect(moved.event.sequence).toBeGreaterThan(first.event.sequence);
    expect(cancelled.event.uid).toBe(first.event.uid);
    expect(cancelled.event.sequence).toBeGreaterThan(moved.event.sequence);
    expect(cancelled.calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancelled.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  // US clocks change on 8 March 2026, UK clocks on 29 March; India keeps one offset.
  it.each([
    ['2026-03-05T14:00:00Z', 'America/New_York', '09:00', '09:45'],
    ['2026-03-10T14:00:00Z', 'America/New_York', '10:00', '10:45'],
    ['2026-03-10T14:00:00Z', 'Europe/London', '14:00', '14:45'],
    ['2026-03-31T14:00:00Z', 'Europe/London', '15:00', '15:45'],
    ['2026-03-05T14:00:00Z', 'Asia/Kolkata', '19:30', '20:15'],
    ['2026-03-31T14:00:00Z', 'Asia/Kolkata', '19:30', '20:15'],
    ['2026-11-02T23:30:00Z', 'America/New_York', '18:30', '19:15'],
  ])('a meeting at %s reads the same instant in %s: %s–%s local', (utc, zone, start, end) => {
    const { calendar, event } = parse(
      buildInvite({ ...base, startsAt: new Date(utc), timeZone: zone }, 'a.ics').text,
    );
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe(zone);
    expect(event.startDate.zone?.tzid).toBe(zone);
    const clock = (t: ICAL.Time) => `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
    expect(clock(event.startDate)).toBe(start);
    expect(clock(event.endDate)).toBe(end);
    expect(event.startDate.toJSDate().toISOString()).toBe(new Date(utc).toISOString());
    expect(event.endDate.toJSDate().getTime() - event.startDate.toJSDate().getTime()).toBe(45 * 60_000);
  });

  it('carries a call link as LOCATION and URL when one is given, in the file and the links', () => {
    const url = 'https://meet.example.com/abc-defg-hij';
    const { vevent } = parse(buildInvite({ ...base, url }, 'a.ics').text);
    expect(vevent.getFirstPropertyValue('location')).toBe(url);
    expect(vevent.getFirstPropertyValue('url')).toBe(url);
    expect(new URL(calendarLinks({ ...base, url }).google).searchParams.get('location')).toBe(url);
  });

  it('offers Google and Outlook links for the same instant', () => {
    const { google, outlook } = calendarLinks(base);
    const g = new URL(google).searchParams;
    expect(g.get('dates')).toBe('20260305T140000Z/20260305T144500Z');
    expect(g.get('text')).toBe('Sponsor alignment meeting');
    const o = new URL(outlook).searchParams;
    expect(o.get('startdt')).toBe('2026-03-05T14:00:00.000Z');
    expect(o.get('enddt')).toBe('2026-03-05T14:45:00.000Z');
  });
});
