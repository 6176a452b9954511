import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { passOutboundGate } from '../../../src/confidentiality/outbound-gate.js';
import { revealPrivateText } from '../../../src/confidentiality/private-text.js';
import type { OutboundMessage } from '../../../src/messages/message.js';
import { gateLookups } from '../../../src/outbox/gate-lookups.js';
import { endEngagement } from '../../../src/use-cases/hr/end-engagement.js';
import { cancelMeeting } from '../../../src/use-cases/meetings/cancel-meeting.js';
import { rescheduleMeeting } from '../../../src/use-cases/meetings/reschedule-meeting.js';
import { scheduleMeeting } from '../../../src/use-cases/meetings/schedule-meeting.js';
import { cancelSession } from '../../../src/use-cases/sessions/cancel-session.js';
import { moveSession } from '../../../src/use-cases/sessions/move-session.js';
import { scheduleSession } from '../../../src/use-cases/sessions/schedule-session.js';
import { readOutbox } from '../../support/outbox-reader.js';
import {
  advanceTo,
  client,
  coach1,
  hr,
  londonLocal,
  sponsor,
  startTriad,
  type TriadFixture,
} from '../hr/triad-fixture.js';

/** Each message that carries an invite, in order, with the invite parsed by ical.js. */
async function invites(t: TriadFixture) {
  const rows = await readOutbox(t.core, t.engagementId);
  return rows
    .filter((row) => row.message?.file)
    .map((row) => {
      const message = row.message as OutboundMessage;
      const text = (message.file?.content ?? [])
        .map((part) => (part.kind === 'private' ? revealPrivateText(part.text) : part.text))
        .join('');
      const calendar = new ICAL.Component(ICAL.parse(text));
      const vevent = calendar.getFirstSubcomponent('vevent');
      if (!vevent) throw new Error('no VEVENT');
      return { message, text, calendar, event: new ICAL.Event(vevent), vevent };
    });
}

const gate = (t: TriadFixture, message: OutboundMessage) =>
  t.core.uow.transaction((repos) =>
    passOutboundGate(message, {
      lookups: gateLookups(repos),
      audit: async () => {},
      logger: t.core.logger,
      auditAllowed: false,
    }),
  );

describe('meeting invites', () => {
  it('a scheduled, moved and cancelled alignment meeting: one invite per message, same UID, rising SEQUENCE, then CANCEL', async () => {
    const t = await startTriad();
    await advanceTo(t, 'alignment');
    const meetingId = (await t.meeting('alignment')).id;
    const before = (await invites(t)).length;
    await scheduleMeeting(
      { actor: client, meetingId, localDateTime: londonLocal(10), timeZone: 'Europe/London' },
      t.core,
    );
    await rescheduleMeeting(
      { actor: sponsor, meetingId, localDateTime: londonLocal(12), timeZone: 'Europe/London' },
      t.core,
    );
    await cancelMeeting({ actor: client, meetingId }, t.core);
    const [scheduled, moved, cancelled] = (await invites(t)).slice(before);
    for (const one of [scheduled, moved, cancelled]) {
      // The sponsor thread of the meeting: client, sponsor and coach, and nobody else.
      expect(one?.message.destination).toMatchObject({
        kind: 'space',
        space: 'sponsor',
        threadMeetingId: meetingId,
      });
      expect(one?.message.file?.mimeType).toBe('text/calendar');
      expect(one?.event.uid).toBe(`${meetingId}@triad`);
      expect(one?.event.attendees.map((a) => a.getParameter('cn'))).toEqual(['Jane', 'Sam', 'Kim']);
      // The gate passes it as bot-composed logistics.
      await expect(gate(t, one?.message as OutboundMessage)).resolves.toBeDefined();
    }
    expect(moved?.event.sequence).toBeGreaterThan(scheduled?.event.sequence ?? Infinity);
    expect(cancelled?.event.sequence).toBeGreaterThan(moved?.event.sequence ?? Infinity);
    expect(scheduled?.calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(cancelled?.calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancelled?.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    const meeting = await t.meeting('alignment');
    expect(moved?.event.startDate.toJSDate().toISOString()).toBe(meeting.startsAt?.toISOString());
    expect(moved?.event.startDate.zone?.tzid).toBe('Europe/London');
    const links = JSON.stringify(moved?.message.blocks);
    expect(links).toContain('https://calendar.google.com/calendar/render?');
    expect(links).toContain('https://outlook.office.com/calendar/0/deeplink/compose?');
  });

  it('coaching sessions: the invite goes to the coaching space only, and a cancel cancels it', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const before = (await invites(t)).length;
    const { meetingId } = await scheduleSession(
      { actor: coach1, engagementId: t.engagementId, localDateTime: londonLocal(10) },
      t.core,
    );
    await moveSession({ actor: client, meetingId, localDateTime: londonLocal(11) }, t.core);
    await cancelSession({ actor: coach1, meetingId }, t.core);
    const sent = (await invites(t)).slice(before);
    expect(sent.map((s) => s.message.destination)).toEqual(
      Array(3).fill({ kind: 'space', engagementId: t.engagementId, space: 'coaching' }),
    );
    expect(new Set(sent.map((s) => s.event.uid))).toEqual(new Set([`${meetingId}@triad`]));
    expect(sent.map((s) => s.event.sequence)).toEqual([1, 2, 3]);
    expect(sent.map((s) => s.calendar.getFirstPropertyValue('method'))).toEqual([
      'REQUEST',
      'REQUEST',
      'CANCEL',
    ]);
    expect(sent[0]?.event.attendees.map((a) => a.getParameter('cn'))).toEqual(['Jane', 'Kim']);
    for (const one of sent) await expect(gate(t, one.message)).resolves.toBeDefined();
  });

  it('ending an engagement sends every still-scheduled meeting and session its cancellation where its invite went', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const midpoint = (await t.meeting('midpoint')).id;
    await scheduleMeeting(
      { actor: client, meetingId: midpoint, localDateTime: londonLocal(30), timeZone: 'Europe/London' },
      t.core,
    );
    const { meetingId: session } = await scheduleSession(
      { actor: coach1, engagementId: t.engagementId, localDateTime: londonLocal(10) },
      t.core,
    );
    const before = await invites(t);
    const requestOf = (id: string) => before.find((one) => one.event.uid === `${id}@triad`);
    await endEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
    const sent = (await invites(t)).slice(before.length);
    expect(sent).toHaveLength(2);
    const byUid = new Map(sent.map((one) => [one.event.uid, one]));
    const cancelledMidpoint = byUid.get(`${midpoint}@triad`);
    const cancelledSession = byUid.get(`${session}@triad`);
    expect(cancelledMidpoint?.message.destination).toEqual({
      kind: 'space',
      engagementId: t.engagementId,
      space: 'sponsor',
      threadMeetingId: midpoint,
    });
    expect(cancelledSession?.message.destination).toEqual({
      kind: 'space',
      engagementId: t.engagementId,
      space: 'coaching',
    });
    for (const [id, one] of [
      [midpoint, cancelledMidpoint],
      [session, cancelledSession],
    ] as const) {
      expect(one?.calendar.getFirstPropertyValue('method')).toBe('CANCEL');
      expect(one?.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(one?.event.sequence).toBeGreaterThan(requestOf(id)?.event.sequence ?? Infinity);
      expect(one?.event.startDate.toJSDate().getTime()).toBe(
        requestOf(id)?.event.startDate.toJSDate().getTime(),
      );
      await expect(gate(t, one?.message as OutboundMessage)).resolves.toBeDefined();
    }
    expect(cancelledSession?.event.attendees.map((a) => a.getParameter('cn'))).toEqual(['Jane', 'Kim']);
    expect(cancelledMidpoint?.event.attendees.map((a) => a.getParameter('cn'))).toEqual([
      'Jane',
      'Sam',
      'Kim',
    ]);
  });
});
