import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueFileToken } from '../../../src/use-cases/files/file-tokens.js';
import { APP_ID } from '../../adapters/teams/support/teams-fakes.js';
import { manualClock } from '../../support/core-deps.js';
import { botAddedActivity, type FakeConversation } from '../../support/fake-bot-connector/index.js';
import { type Person, startTeamsHarness, type TeamsHarness } from './teams-harness.js';
import { cardsIn, click, findAction, groupChatWith, localTime, openUrlsIn } from './teams-walk.js';

const HOUR = 3_600_000;
const clock = manualClock(new Date());
let h: TeamsHarness;
let hr: Person;
let jane: Person;
let sam: Person;
let sponsorChat: FakeConversation;
/** The kickoff card's links, as first posted (before the meeting moved). */
let firstLinks: Array<{ title: unknown; url: unknown }> = [];
let meetingId = '';
let firstSequence = 0;

/** An invite as ical.js reads it, its VTIMEZONEs registered so times convert. */
function parseInvite(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  return { calendar, vevent, event: new ICAL.Event(vevent) };
}

const payloadOf = (url: string) => {
  const token = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));
  const [payload = ''] = token.split('.');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
};

const personId = async (name: string) =>
  String((await h.database.sql<{ id: string }[]>`select id from people where display_name = ${name}`)[0]?.id);

/** The download links of the newest card in a chat carrying an Action.OpenUrl to `/files/`. */
const fileLinksIn = (conversation: FakeConversation) => {
  for (const posted of cardsIn(h, conversation)) {
    const links = openUrlsIn(posted.card).filter((l) => String(l.url).startsWith(`${h.baseUrl}/files/`));
    if (links.length > 0) return { links, text: posted.text };
  }
  return { links: [], text: '' };
};

async function refused(url: string) {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
}

beforeAll(async () => {
  h = await startTeamsHarness(clock);
  ({ hr, jane, sam } = h.people);
  const installed = await h.post(
    botAddedActivity(h.teams.fake, {
      conversationId: h.chatOf(hr).id,
      byUserId: hr.user.id,
      botAppId: APP_ID,
    }),
  );
  expect(installed.status).toBe(200);
  expect((await h.say(hr, 'start client:@jane sponsor:@sam coach:@kim coach:@lee weeks:12')).status).toBe(
    200,
  );
  await h.drain();
  sponsorChat = await groupChatWith(h, jane, [jane, sam]);
  await h.drain();
});

afterAll(async () => {
  await h?.close();
});

describe('files on Teams are signed download links to /files/, made when followed', () => {
  it('a scheduled meeting’s card carries one calendar link per attendee; each gives a valid .ics in their zone', async () => {
    const at = localTime(clock.now(), 3, 10, sam.timezone);
    await click(h, sam, sponsorChat, findAction(h, sponsorChat, 'meeting.schedule'), { at });
    const { links, text } = fileLinksIn(sponsorChat);
    expect(text).toContain('Kickoff meeting scheduled');
    expect(text).not.toContain('Teams gets no calendar file');
    expect(links.map((l) => l.title)).toEqual([
      'Calendar file for Jane Client',
      'Calendar file for Sam Sponsor',
    ]);
    firstLinks = links;
    meetingId = String(payloadOf(String(links[0]?.url)).m);
    for (const [link, person] of [
      [links[0], jane],
      [links[1], sam],
    ] as const) {
      const response = await fetch(String(link?.url));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="triad-kickoff.ics"');
      const { calendar, event } = parseInvite(await response.text());
      expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
      expect(event.uid).toBe(`${meetingId}@triad`);
      firstSequence = event.sequence;
      expect(event.startDate.toJSDate().toISOString()).toBe(at.toISOString());
      // Written in the reader's own zone: Sam reads 10:00 New York time.
      expect(event.startDate.zone?.tzid).toBe(person.timezone);
      if (person === sam) expect(event.startDate.hour).toBe(10);
      expect(event.attendees.map((a) => a.getParameter('cn'))).toEqual(['Jane Client', 'Sam Sponsor']);
    }
  });

  it('a link follows the meeting: moved, it gives the new time and SEQUENCE; cancelled, METHOD:CANCEL', async () => {
    const movedTo = localTime(clock.now(), 4, 11, sam.timezone);
    await click(h, sam, sponsorChat, findAction(h, sponsorChat, 'meeting.reschedule'), { at: movedTo });
    const old = String(firstLinks[1]?.url);
    const moved = parseInvite(await (await fetch(old)).text());
    expect(moved.event.sequence).toBeGreaterThan(firstSequence);
    expect(moved.event.startDate.toJSDate().toISOString()).toBe(movedTo.toISOString());
    // The new card's links name the same meeting and live until a day after it ends.
    const fresh = fileLinksIn(sponsorChat).links;
    const expiry = Number(payloadOf(String(fresh[0]?.url)).x) * 1000;
    expect(expiry).toBe(moved.event.endDate.toJSDate().getTime() + 24 * HOUR);

    await click(h, jane, sponsorChat, findAction(h, sponsorChat, 'meeting.cancel'));
    const cancelled = parseInvite(await (await fetch(old)).text());
    expect(cancelled.calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancelled.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled.event.uid).toBe(`${meetingId}@triad`);
    expect(cancelled.event.sequence).toBeGreaterThan(moved.event.sequence);
    const cancelCard = fileLinksIn(sponsorChat);
    expect(cancelCard.text).toContain('Kickoff meeting cancelled');
    expect(cancelCard.links).toHaveLength(2);
  });

  it('altered, foreign and expired invite links are refused with no body and nothing in the log', async () => {
    const url = String(firstLinks[0]?.url);
    const token = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));
    const [payload = '', keyId = '', mac = ''] = token.split('.');
    const ids = payloadOf(url);
    const forKim = Buffer.from(JSON.stringify({ ...ids, p: await personId('Kim Coach') }), 'utf8').toString(
      'base64url',
    );
    const asExport = Buffer.from(JSON.stringify({ ...ids, k: 'export' }), 'utf8').toString('base64url');
    const expires = new Date(Number(ids.x) * 1000);
    const sign = (ticket: Parameters<typeof issueFileToken>[0]) => issueFileToken(ticket, h.signer);
    const flipped = `${mac.slice(0, -2)}${mac.endsWith('AA') ? 'AB' : 'AA'}`;
    const bad = {
      badSignature: `${payload}.${keyId}.${flipped}`,
      tampered: `${forKim}.${keyId}.${mac}`,
      kindChanged: `${asExport}.${keyId}.${mac}`,
      notTriads: 'eyJrIjoiaW52aXRlIn0.e2e.AAAA',
      // Signed by Triad, but for someone who is not one of the meeting's attendees (a shortlisted coach, HR).
      notAnAttendee: sign({
        kind: 'invite',
        meetingId,
        personId: await personId('Kim Coach'),
        attendeeIds: ids.a as string[],
        expires,
      }),
      noSuchMeeting: sign({
        kind: 'invite',
        meetingId: '00000000-0000-4000-8000-000000000000',
        personId: await personId('Jane Client'),
        attendeeIds: ids.a as string[],
        expires,
      }),
    };
    for (const [why, value] of Object.entries(bad)) {
      expect({ why, ...(await refused(`${h.baseUrl}/files/${value}`)) }).toEqual({
        why,
        status: 404,
        body: '',
      });
    }
    const before = clock.now();
    clock.set(new Date(expires.getTime() + 1000));
    try {
      expect(await refused(url)).toEqual({ status: 410, body: '' });
    } finally {
      clock.set(before);
    }
    const logs = h.logLines.join('\n');
    expect(logs).not.toContain('BEGIN:VCALENDAR');
    expect(logs).not.toContain(token);
  });

  it('HR’s report reply links to the CSV, made for HR only while they have HR rights', async () => {
    expect((await h.say(hr, 'report')).status).toBe(200);
    const { links, text } = fileLinksIn(h.chatOf(hr));
    expect(text).toContain('Engagement report');
    expect(text).not.toContain('cannot send files');
    expect(links.map((l) => l.title)).toEqual(['Download the report (link valid for 60 minutes)']);
    const url = String(links[0]?.url);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="triad-engagements-[\d-]+\.csv"$/,
    );
    const csv = await response.text();
    expect(csv.split(/\r?\n/)[0]).toContain('"engagement","client","sponsor","coach","stage"');
    expect(csv).toContain('Jane Client');

    // The same link for someone without HR rights (the sponsor), or expired: refused.
    const ids = payloadOf(url);
    const forSam = issueFileToken(
      {
        kind: 'report',
        organisationId: String(ids.o),
        platformUserId: sam.user.id,
        expires: new Date(Number(ids.x) * 1000),
      },
      h.signer,
    );
    expect(await refused(`${h.baseUrl}/files/${forSam}`)).toEqual({ status: 404, body: '' });
    const before = clock.now();
    clock.advance(60 * 60_000 + 1000);
    try {
      expect(await refused(url)).toEqual({ status: 410, body: '' });
    } finally {
      clock.set(before);
    }
    expect(h.logLines.join('\n')).not.toContain('"Jane Client"');
  });
});
