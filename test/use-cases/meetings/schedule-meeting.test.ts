import { describe, expect, it } from 'vitest';
import type { MeetingKind } from '../../../src/engagement/records.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import { pauseEngagement } from '../../../src/use-cases/hr/pause-engagement.js';
import { cancelMeeting } from '../../../src/use-cases/meetings/cancel-meeting.js';
import { rescheduleMeeting } from '../../../src/use-cases/meetings/reschedule-meeting.js';
import { scheduleMeeting } from '../../../src/use-cases/meetings/schedule-meeting.js';
import { scheduleSession } from '../../../src/use-cases/sessions/schedule-session.js';
import { messagesTo, readOutbox, replyText } from '../../support/outbox-reader.js';
import {
  advanceTo,
  client,
  coach1,
  coach2,
  hr,
  londonLocal,
  sponsor,
  startTriad,
  stranger,
  type TriadFixture,
} from '../hr/triad-fixture.js';

const schedule = async (t: TriadFixture, kind: MeetingKind, who: Actor, local: string, timeZone?: string) =>
  scheduleMeeting(
    { actor: who, meetingId: (await t.meeting(kind)).id, localDateTime: local, timeZone },
    t.core,
  );

describe('scheduleMeeting: who may, and when', () => {
  it.each([
    ['client', client, 'kickoff', 'kickoff', 'scheduled'],
    ['sponsor', sponsor, 'kickoff', 'kickoff', 'scheduled'],
    ['HR', hr, 'kickoff', 'kickoff', 'scheduled'],
    ['a stranger', stranger, 'kickoff', 'kickoff', 'not_found'],
    ['a shortlisted coach not yet chosen', coach1, 'kickoff', 'kickoff', 'not_found'],
    ['the client', client, 'coach_matching', 'alignment', 'illegal_transition'],
    ['the sponsor', sponsor, 'kickoff', 'closing', 'illegal_transition'],
    ['the chosen coach', coach1, 'alignment', 'alignment', 'scheduled'],
    ['the coach not chosen', coach2, 'alignment', 'alignment', 'not_found'],
    ['the sponsor', sponsor, 'coaching', 'midpoint', 'scheduled'],
    ['HR', hr, 'coaching', 'closing', 'scheduled'],
  ] as const)('%s at %s → %s: %s', async (_who, who, stage, kind, outcome) => {
    const t = await startTriad();
    await advanceTo(t, stage);
    const run = schedule(t, kind, who, londonLocal(20), 'Europe/London');
    if (outcome === 'scheduled') {
      await run;
      expect((await t.meeting(kind)).status).toBe('scheduled');
    } else {
      await expect(run).rejects.toMatchObject({ code: outcome });
      expect((await t.meeting(kind)).status).toBe('unscheduled');
    }
  });

  it('says why alignment must wait for a coach', async () => {
    const t = await startTriad();
    await expect(schedule(t, 'alignment', client, londonLocal(3))).rejects.toMatchObject({
      message: 'The sponsor alignment meeting can only be scheduled once a coach is assigned.',
    });
  });

  it('refuses while paused, and refuses coaching sessions through this door', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const { meetingId } = await scheduleSession(
      { actor: coach1, engagementId: t.engagementId, localDateTime: londonLocal(10) },
      t.core,
    );
    await expect(
      scheduleMeeting({ actor: client, meetingId, localDateTime: londonLocal(11) }, t.core),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'Coaching sessions are arranged in the coaching space.',
    });
    await pauseEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
    await expect(schedule(t, 'midpoint', client, londonLocal(12))).rejects.toMatchObject({
      code: 'illegal_transition',
      message: 'This engagement is paused. HR can resume it.',
    });
  });
});

describe('scheduleMeeting: what is stored and announced', () => {
  it("stores UTC and the organiser's zone; announces in the meeting's own sponsor thread in each person's zone", async () => {
    const t = await startTriad();
    await advanceTo(t, 'alignment');
    const result = await schedule(t, 'alignment', sponsor, '2026-12-01T09:00', 'America/New_York');
    const meeting = await t.meeting('alignment');
    const sam = await t.person('USPONSOR');
    expect(meeting).toMatchObject({
      status: 'scheduled',
      startsAt: new Date('2026-12-01T14:00:00Z'),
      organiserId: sam.id,
      organiserZone: 'America/New_York',
      version: 2,
    });
    const rows = await readOutbox(t.core, t.engagementId);
    const [announce] = messagesTo(rows, 'sponsor', meeting.id);
    expect(announce?.key).toBe(`meeting:${meeting.id}:v2:announce`);
    expect(announce?.message?.audience).toBe('shared');
    expect(announce?.text).toContain('Sam scheduled the sponsor alignment meeting (60 minutes).');
    expect(announce?.text).toContain('Jane\nTue 1 Dec 2026, 14:00 (London time)');
    expect(announce?.text).toContain('Sam\nTue 1 Dec 2026, 09:00 (New York time)');
    expect(announce?.text).toContain('Kim\nTue 1 Dec 2026, 23:00 (Tokyo time)');
    expect(announce?.text).toContain('Jane leads this meeting');
    const note = messagesTo(rows, 'client_dm').find((r) => r.key === `meeting:${meeting.id}:v2:owner-note`);
    expect(note?.text).toContain('You lead it');
    expect(note?.text).toContain('Prepare here first, in private');
    expect(note?.text).toContain('Tue 1 Dec 2026, 14:00 (London time)');
    expect(result.reply.audience).toBe('shared');
    expect(replyText(result.reply)).toContain('Tue 1 Dec 2026, 09:00 (New York time)');
    expect(t.core.scheduler.synced.at(-1)).toBe(t.engagementId);
  });

  it('the kickoff goes to the sponsor thread without an ownership note', async () => {
    const t = await startTriad();
    const kickoff = await t.meeting('kickoff');
    await schedule(t, 'kickoff', client, londonLocal(2));
    const rows = await readOutbox(t.core, t.engagementId);
    expect(messagesTo(rows, 'sponsor', kickoff.id)).toHaveLength(1);
    expect(rows.some((r) => r.key.includes(`${kickoff.id}`) && r.key.endsWith('owner-note'))).toBe(false);
  });

  it('is double-click safe, but a reschedule announces again', async () => {
    const t = await startTriad();
    const kickoff = await t.meeting('kickoff');
    const first = await schedule(t, 'kickoff', client, londonLocal(2));
    const second = await schedule(t, 'kickoff', client, londonLocal(2));
    expect(second.changed).toBe(false);
    expect(replyText(second.reply)).toBe(replyText(first.reply));
    expect(messagesTo(await readOutbox(t.core, t.engagementId), 'sponsor', kickoff.id)).toHaveLength(1);
    await rescheduleMeeting(
      { actor: sponsor, meetingId: kickoff.id, localDateTime: londonLocal(10) },
      t.core,
    );
    await rescheduleMeeting(
      { actor: sponsor, meetingId: kickoff.id, localDateTime: londonLocal(10) },
      t.core,
    );
    const thread = messagesTo(await readOutbox(t.core, t.engagementId), 'sponsor', kickoff.id);
    expect(thread.map((r) => r.key).sort()).toEqual([
      `meeting:${kickoff.id}:v2:announce`,
      `meeting:${kickoff.id}:v3:announce`,
    ]);
    expect(thread.find((r) => r.key.endsWith('v3:announce'))?.text).toContain('Kickoff meeting moved');
  });

  it('refuses to schedule over an existing time, and to reschedule what is not scheduled', async () => {
    const t = await startTriad();
    const kickoff = await t.meeting('kickoff');
    await expect(
      rescheduleMeeting({ actor: client, meetingId: kickoff.id, localDateTime: londonLocal(2) }, t.core),
    ).rejects.toMatchObject({
      code: 'illegal_transition',
      message: 'The kickoff meeting is not scheduled yet.',
    });
    await schedule(t, 'kickoff', client, londonLocal(2));
    await expect(schedule(t, 'kickoff', sponsor, londonLocal(4))).rejects.toMatchObject({ code: 'conflict' });
  });

  it.each([
    ['in the past', '2026-11-20T10:00', 'Europe/London', 'date_in_past', 'is in the past'],
    [
      'in a DST gap',
      '2027-03-28T01:30',
      'Europe/London',
      'date_in_gap',
      "That time doesn't exist in Europe/London because the clocks change.",
    ],
    ['over a year ahead', '2028-01-10T10:00', 'Europe/London', 'validation_failed', 'more than a year ahead'],
    ['unreadable', 'next tuesday', 'Europe/London', 'validation_failed', 'not a date and time I can read'],
    [
      'in an unknown zone',
      '2026-12-01T10:00',
      'Europe/Atlantis',
      'validation_failed',
      'not a time zone I know',
    ],
  ])('refuses a time %s, changing nothing', async (_what, local, zone, code, words) => {
    const t = await startTriad();
    const rows = (await readOutbox(t.core, t.engagementId)).length;
    await expect(schedule(t, 'kickoff', client, local, zone)).rejects.toMatchObject({
      code,
      message: expect.stringContaining(words),
    });
    expect((await t.meeting('kickoff')).status).toBe('unscheduled');
    expect(await readOutbox(t.core, t.engagementId)).toHaveLength(rows);
  });

  it('picks the earlier of an ambiguous time and says so', async () => {
    const t = await startTriad();
    const result = await schedule(t, 'kickoff', sponsor, '2027-11-07T01:30', 'America/New_York');
    expect((await t.meeting('kickoff')).startsAt).toEqual(new Date('2027-11-07T05:30:00Z'));
    expect(replyText(result.reply)).toContain('happens twice in New York time');
  });

  it("uses the person's stored zone when none is given", async () => {
    const t = await startTriad();
    await schedule(t, 'kickoff', sponsor, '2026-12-01T09:00');
    expect((await t.meeting('kickoff')).startsAt).toEqual(new Date('2026-12-01T14:00:00Z'));
  });

  it('scheduling the closing meeting weeks ahead keeps coaching; the closing stage waits for its week', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    await schedule(t, 'closing', client, londonLocal(40));
    expect((await t.engagement()).stage).toBe('coaching');
  });

  it('closing starts at once when the closing meeting is set in the current week, and a move to a later week or a cancel goes back to coaching', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    t.core.clock.set(new Date('2026-11-30T08:00:00Z'));
    // Friday 4 December is in the week of Monday 30 November (London).
    await schedule(t, 'closing', client, londonLocal(11), 'Europe/London');
    expect((await t.engagement()).stage).toBe('closing');
    const closing = await t.meeting('closing');
    await rescheduleMeeting({ actor: client, meetingId: closing.id, localDateTime: londonLocal(16) }, t.core);
    expect((await t.engagement()).stage).toBe('coaching');
    await rescheduleMeeting({ actor: client, meetingId: closing.id, localDateTime: londonLocal(10) }, t.core);
    expect((await t.engagement()).stage).toBe('closing');
    await cancelMeeting({ actor: client, meetingId: closing.id }, t.core);
    expect((await t.engagement()).stage).toBe('coaching');
  });
});

describe('cancelMeeting', () => {
  it('cancels, tells the thread, is a no-op the second time, and the meeting can be scheduled again', async () => {
    const t = await startTriad();
    const kickoff = await t.meeting('kickoff');
    await schedule(t, 'kickoff', client, londonLocal(2));
    const first = await cancelMeeting({ actor: sponsor, meetingId: kickoff.id }, t.core);
    expect((await t.meeting('kickoff')).status).toBe('cancelled');
    const again = await cancelMeeting({ actor: sponsor, meetingId: kickoff.id }, t.core);
    expect(again.changed).toBe(false);
    expect(replyText(again.reply)).toBe(replyText(first.reply));
    const thread = messagesTo(await readOutbox(t.core, t.engagementId), 'sponsor', kickoff.id);
    expect(thread.filter((r) => r.key.endsWith(':cancelled'))).toHaveLength(1);
    expect(thread.find((r) => r.key.endsWith(':cancelled'))?.text).toContain(
      'Sam cancelled the kickoff meeting',
    );
    await schedule(t, 'kickoff', client, londonLocal(5));
    expect((await t.meeting('kickoff')).status).toBe('scheduled');
  });

  it.each([['unscheduled', 'The kickoff meeting is not scheduled.']])(
    'refuses cancelling an %s meeting',
    async (_status, message) => {
      const t = await startTriad();
      const kickoff = await t.meeting('kickoff');
      await expect(cancelMeeting({ actor: client, meetingId: kickoff.id }, t.core)).rejects.toMatchObject({
        code: 'illegal_transition',
        message,
      });
    },
  );

  it('refuses someone outside the triad', async () => {
    const t = await startTriad();
    await schedule(t, 'kickoff', client, londonLocal(2));
    const kickoff = await t.meeting('kickoff');
    await expect(cancelMeeting({ actor: stranger, meetingId: kickoff.id }, t.core)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
