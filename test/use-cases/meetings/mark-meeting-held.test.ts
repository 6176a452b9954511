import { describe, expect, it } from 'vitest';
import type { MeetingKind } from '../../../src/engagement/records.js';
import { pauseEngagement } from '../../../src/use-cases/hr/pause-engagement.js';
import { selectCoach } from '../../../src/use-cases/matching/select-coach.js';
import { cancelMeeting } from '../../../src/use-cases/meetings/cancel-meeting.js';
import { markMeetingHeld } from '../../../src/use-cases/meetings/mark-meeting-held.js';
import { scheduleMeeting } from '../../../src/use-cases/meetings/schedule-meeting.js';
import { scheduleSession } from '../../../src/use-cases/sessions/schedule-session.js';
import { messageControls, messagesTo, readOutbox, replyText } from '../../support/outbox-reader.js';
import {
  advanceTo,
  client,
  coach1,
  hr,
  londonLocal,
  sponsor,
  startTriad,
  stranger,
  type TriadFixture,
} from '../hr/triad-fixture.js';

const hours = (n: number) => n * 3_600_000;

/** Schedules `kind` a day ahead (if not yet) and moves the clock past it. */
async function pastMeeting(t: TriadFixture, kind: MeetingKind) {
  const meeting = await t.meeting(kind);
  if (meeting.status === 'unscheduled') {
    const local = new Date(t.core.clock.now().getTime() + hours(24)).toISOString().slice(0, 16);
    await scheduleMeeting(
      { actor: client, meetingId: meeting.id, localDateTime: local, timeZone: 'UTC' },
      t.core,
    );
  }
  const scheduled = await t.meeting(kind);
  t.core.clock.set(new Date((scheduled.startsAt as Date).getTime() + hours(1)));
  return scheduled;
}

describe('markMeetingHeld: lifecycle transitions', () => {
  it.each([
    ['kickoff', 'kickoff', 'coach_matching'],
    ['kickoff', 'kickoff with a coach chosen early', 'alignment'],
    ['alignment', 'alignment', 'coaching'],
    ['midpoint', 'coaching', 'coaching'],
    ['midpoint', 'closing', 'closing'],
    ['closing', 'closing', 'closed'],
    ['closing', 'coaching', 'closed'],
    ['midpoint', 'alignment', 'refused: The mid-point check-in comes during coaching.'],
    ['closing', 'alignment', 'refused: The closing meeting comes at the end of coaching.'],
  ] as const)('%s held at %s → %s', async (kind, stage, expected) => {
    const t = await startTriad();
    if (stage === 'kickoff with a coach chosen early') {
      const kim = await t.person('UCOACH1');
      await selectCoach({ actor: client, engagementId: t.engagementId, coachId: kim.id }, t.core);
    } else {
      await advanceTo(t, stage);
    }
    const meeting = await pastMeeting(t, kind);
    const before = await t.engagement();
    const run = markMeetingHeld(
      { actor: kind === 'closing' ? client : sponsor, meetingId: meeting.id },
      t.core,
    );
    if (expected.startsWith('refused: ')) {
      await expect(run).rejects.toMatchObject({ code: 'illegal_transition', message: expected.slice(9) });
      expect(await t.engagement()).toEqual(before);
      expect((await t.meeting(kind)).status).toBe('scheduled');
      return;
    }
    const result = await run;
    expect(result.stage).toBe(expected);
    expect(await t.engagement()).toMatchObject({ stage: expected });
    expect(await t.meeting(kind)).toMatchObject({ status: 'held', heldAt: t.core.clock.now() });
    expect(t.core.scheduler.synced.at(-1)).toBe(t.engagementId);
  });

  it('after alignment, the thread is told coaching started and offered pickers for mid-point and closing', async () => {
    const t = await startTriad();
    await advanceTo(t, 'alignment');
    const alignment = await pastMeeting(t, 'alignment');
    await markMeetingHeld({ actor: coach1, meetingId: alignment.id }, t.core);
    const [held] = messagesTo(await readOutbox(t.core, t.engagementId), 'sponsor', alignment.id).filter((r) =>
      r.key.endsWith(':held'),
    );
    expect(held?.text).toContain('Kim marked the sponsor alignment meeting as held. Coaching is under way.');
    const pickers = messageControls(held?.message as never).map((c) =>
      c.type === 'datetime' ? c.value : c.type,
    );
    expect(pickers).toEqual([(await t.meeting('midpoint')).id, (await t.meeting('closing')).id]);
  });

  it('holding the closing meeting closes the engagement, starts retention and cancels open sessions', async () => {
    const t = await startTriad();
    await advanceTo(t, 'closing');
    const { meetingId: sessionId } = await scheduleSession(
      { actor: coach1, engagementId: t.engagementId, localDateTime: londonLocal(60) },
      t.core,
    );
    const closing = await pastMeeting(t, 'closing');
    const result = await markMeetingHeld({ actor: hr, meetingId: closing.id }, t.core);
    const organisation = await t.organisation();
    const engagement = await t.engagement();
    const now = t.core.clock.now();
    expect(engagement).toMatchObject({ stage: 'closed', closedAt: now });
    expect(engagement.purgeAfter).toEqual(new Date(now.getTime() + organisation.retentionDays * 86_400_000));
    expect((await t.core.uow.read.meetings.get(sessionId))?.status).toBe('cancelled');
    expect((await t.meeting('midpoint')).status).toBe('cancelled');
    const rows = await readOutbox(t.core, t.engagementId);
    expect(messagesTo(rows, 'client_dm').find((r) => r.key.endsWith(':ended:client'))?.text).toContain(
      'You can export them for yourself before then.',
    );
    expect(messagesTo(rows, 'sponsor', closing.id).find((r) => r.key.endsWith(':held'))?.text).toContain(
      'Harper (HR) marked the closing alignment meeting as held. The engagement is now closed.',
    );
    expect(result.reply.audience).toBe('admin');
  });

  it('is double-click safe: marking held twice answers the same and sends nothing new', async () => {
    const t = await startTriad();
    const kickoff = await pastMeeting(t, 'kickoff');
    const first = await markMeetingHeld({ actor: client, meetingId: kickoff.id }, t.core);
    const rows = (await readOutbox(t.core, t.engagementId)).length;
    const state = await t.engagement();
    const second = await markMeetingHeld({ actor: client, meetingId: kickoff.id }, t.core);
    expect(second.changed).toBe(false);
    expect(replyText(second.reply)).toBe(replyText(first.reply));
    expect(await t.engagement()).toEqual(state);
    expect(await readOutbox(t.core, t.engagementId)).toHaveLength(rows);
  });

  it('refuses a meeting still to come, a cancelled one, a paused engagement and outsiders', async () => {
    const t = await startTriad();
    const kickoff = await t.meeting('kickoff');
    await scheduleMeeting({ actor: client, meetingId: kickoff.id, localDateTime: londonLocal(3) }, t.core);
    await expect(markMeetingHeld({ actor: client, meetingId: kickoff.id }, t.core)).rejects.toMatchObject({
      code: 'illegal_transition',
      hint: 'Mark it as held once it has taken place.',
    });
    await expect(markMeetingHeld({ actor: stranger, meetingId: kickoff.id }, t.core)).rejects.toMatchObject({
      code: 'not_found',
    });
    await cancelMeeting({ actor: client, meetingId: kickoff.id }, t.core);
    await expect(markMeetingHeld({ actor: client, meetingId: kickoff.id }, t.core)).rejects.toMatchObject({
      message: 'The kickoff meeting was cancelled.',
    });
    await pauseEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
    await expect(markMeetingHeld({ actor: client, meetingId: kickoff.id }, t.core)).rejects.toMatchObject({
      message: 'This engagement is paused. HR can resume it.',
    });
  });

  it.each(['kickoff', 'closing'] as const)(
    'refuses an unscheduled %s to everyone who may mark it, and changes nothing',
    async (kind) => {
      const t = await startTriad();
      if (kind === 'closing') {
        await advanceTo(t, 'coaching');
        t.core.clock.set(new Date(t.core.clock.now().getTime() + hours(24 * 60)));
      }
      const meeting = await t.meeting(kind);
      expect(meeting.status).toBe('unscheduled');
      const before = await t.engagement();
      const rows = (await readOutbox(t.core, t.engagementId)).length;
      const mayMark = kind === 'closing' ? [client, hr] : [client, sponsor, hr];
      for (const who of mayMark) {
        await expect(markMeetingHeld({ actor: who, meetingId: meeting.id }, t.core)).rejects.toMatchObject({
          code: 'illegal_transition',
          message: expect.stringContaining('has not been scheduled'),
          hint: expect.stringContaining('Schedule it'),
        });
      }
      expect(await t.engagement()).toEqual(before);
      expect(await t.meeting(kind)).toEqual(meeting);
      expect(await readOutbox(t.core, t.engagementId)).toHaveLength(rows);
    },
  );

  it.each([
    ['the sponsor', sponsor],
    ['the coach', coach1],
  ])('refuses %s marking the closing meeting held: the client or HR closes it', async (_who, who) => {
    const t = await startTriad();
    await advanceTo(t, 'closing');
    const closing = await pastMeeting(t, 'closing');
    const before = await t.engagement();
    await expect(markMeetingHeld({ actor: who, meetingId: closing.id }, t.core)).rejects.toMatchObject({
      code: 'not_authorised',
      message: 'Only the client or HR can mark the closing meeting as held.',
      hint: expect.stringContaining('HR can end'),
    });
    expect(await t.engagement()).toEqual(before);
    expect((await t.meeting('closing')).status).toBe('scheduled');
    await markMeetingHeld({ actor: client, meetingId: closing.id }, t.core);
    expect((await t.engagement()).stage).toBe('closed');
  });
});
