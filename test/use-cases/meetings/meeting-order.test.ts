import { describe, expect, it } from 'vitest';
import type { MeetingKind } from '../../../src/engagement/records.js';
import { selectCoach } from '../../../src/use-cases/matching/select-coach.js';
import { markMeetingHeld } from '../../../src/use-cases/meetings/mark-meeting-held.js';
import { rescheduleMeeting } from '../../../src/use-cases/meetings/reschedule-meeting.js';
import { scheduleMeeting } from '../../../src/use-cases/meetings/schedule-meeting.js';
import { scheduleSession } from '../../../src/use-cases/sessions/schedule-session.js';
import { readOutbox } from '../../support/outbox-reader.js';
import {
  advanceTo,
  client,
  coach1,
  londonLocal,
  startTriad,
  type TriadFixture,
} from '../hr/triad-fixture.js';

const set = async (
  t: TriadFixture,
  kind: MeetingKind,
  local: string,
  mode: 'schedule' | 'move' = 'schedule',
) =>
  (mode === 'schedule' ? scheduleMeeting : rescheduleMeeting)(
    { actor: client, meetingId: (await t.meeting(kind)).id, localDateTime: local, timeZone: 'Europe/London' },
    t.core,
  );

/** Kim chosen while the kickoff is still to come (the client may choose early). */
async function coachChosenBeforeKickoff(t: TriadFixture) {
  const kim = await t.person('UCOACH1');
  await selectCoach({ actor: client, engagementId: t.engagementId, coachId: kim.id }, t.core);
}

describe('the order of triad meetings: kickoff < alignment < mid-point < closing', () => {
  it('refuses a closing meeting at the same minute as the mid-point, and says when the mid-point is', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    await set(t, 'midpoint', londonLocal(30));
    const rows = (await readOutbox(t.core, t.engagementId)).length;
    await expect(set(t, 'closing', londonLocal(30))).rejects.toMatchObject({
      code: 'illegal_transition',
      message:
        'The closing alignment meeting must come after the mid-point alignment check-in, which is set for Wed 23 Dec 2026, 14:00 (London time) (45 minutes).',
      hint: 'Pick Wed 23 Dec 2026, 14:45 (London time) or later.',
    });
    expect((await t.meeting('closing')).status).toBe('unscheduled');
    expect((await t.engagement()).stage).toBe('coaching');
    expect(await readOutbox(t.core, t.engagementId)).toHaveLength(rows);
  });

  it('lets the next meeting start when the one before it has ended, not a minute earlier', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    await set(t, 'midpoint', londonLocal(30));
    await expect(set(t, 'closing', londonLocal(30, '14:44'))).rejects.toMatchObject({
      code: 'illegal_transition',
    });
    await set(t, 'closing', londonLocal(30, '14:45'));
    expect((await t.meeting('closing')).status).toBe('scheduled');
  });

  it('refuses an alignment meeting before the kickoff', async () => {
    const t = await startTriad();
    await set(t, 'kickoff', londonLocal(10));
    await coachChosenBeforeKickoff(t);
    await expect(set(t, 'alignment', londonLocal(5))).rejects.toMatchObject({
      code: 'illegal_transition',
      message:
        'The sponsor alignment meeting must come after the kickoff meeting, which is set for Thu 3 Dec 2026, 14:00 (London time) (60 minutes).',
    });
    expect((await t.meeting('alignment')).status).toBe('unscheduled');
    await set(t, 'alignment', londonLocal(11));
    expect((await t.meeting('alignment')).status).toBe('scheduled');
  });

  it('refuses moving a meeting past the next one, either way round', async () => {
    const t = await startTriad();
    await set(t, 'kickoff', londonLocal(3));
    await coachChosenBeforeKickoff(t);
    await set(t, 'alignment', londonLocal(10));
    await expect(set(t, 'kickoff', londonLocal(12), 'move')).rejects.toMatchObject({
      code: 'illegal_transition',
      message:
        'The kickoff meeting must come before the sponsor alignment meeting, which is set for Thu 3 Dec 2026, 14:00 (London time).',
      hint: 'Pick a time that ends by then (the kickoff meeting lasts 60 minutes), or move the sponsor alignment meeting first.',
    });
    await expect(set(t, 'kickoff', londonLocal(10, '13:30'), 'move')).rejects.toMatchObject({
      code: 'illegal_transition',
    });
    expect((await t.meeting('kickoff')).startsAt).toEqual(new Date('2026-11-26T14:00:00Z'));
    await set(t, 'kickoff', londonLocal(10, '13:00'), 'move');
    expect((await t.meeting('kickoff')).startsAt).toEqual(new Date('2026-12-03T13:00:00Z'));
  });

  it('refuses moving the mid-point after the closing meeting', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    await set(t, 'midpoint', londonLocal(30));
    await set(t, 'closing', londonLocal(40));
    await expect(set(t, 'midpoint', londonLocal(41), 'move')).rejects.toMatchObject({
      code: 'illegal_transition',
      message:
        'The mid-point alignment check-in must come before the closing alignment meeting, which is set for Sat 2 Jan 2027, 14:00 (London time).',
    });
    expect((await t.meeting('midpoint')).startsAt).toEqual(new Date('2026-12-23T14:00:00Z'));
  });

  it('a meeting marked held has ended: the next one may follow at once', async () => {
    const t = await startTriad();
    await set(t, 'kickoff', londonLocal(3));
    await coachChosenBeforeKickoff(t);
    t.core.clock.set(new Date('2026-11-26T14:10:00Z'));
    await markMeetingHeld({ actor: client, meetingId: (await t.meeting('kickoff')).id }, t.core);
    await set(t, 'alignment', londonLocal(3, '14:20'));
    expect((await t.meeting('alignment')).startsAt).toEqual(new Date('2026-11-26T14:20:00Z'));
  });

  it('leaves coaching sessions out of the order', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    await set(t, 'midpoint', londonLocal(30));
    await scheduleSession(
      {
        actor: coach1,
        engagementId: t.engagementId,
        localDateTime: londonLocal(30),
        timeZone: 'Europe/London',
      },
      t.core,
    );
    await set(t, 'closing', londonLocal(31));
    expect((await t.meeting('closing')).status).toBe('scheduled');
  });
});
