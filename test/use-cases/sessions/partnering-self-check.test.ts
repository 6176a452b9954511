import { describe, expect, it } from 'vitest';
import { runAction } from '../../../src/controls/controls.js';
import { notPartneringSignals } from '../../../src/messages/compose/coach-notes.js';
import { reassignCoach } from '../../../src/use-cases/hr/reassign-coach.js';
import { saveCoachNote } from '../../../src/use-cases/sessions/coach-notes.js';
import { markSessionHeld } from '../../../src/use-cases/sessions/mark-session-held.js';
import { scheduleSession } from '../../../src/use-cases/sessions/schedule-session.js';
import { messageControls, readOutbox } from '../../support/outbox-reader.js';
import {
  advanceTo,
  client,
  coach1,
  coach2,
  hr,
  londonLocal,
  sponsor,
  startTriad,
  type TriadFixture,
} from '../hr/triad-fixture.js';

async function heldSession(t: TriadFixture, by = coach1, days = 10) {
  const { meetingId } = await scheduleSession(
    { actor: by, engagementId: t.engagementId, localDateTime: londonLocal(days), timeZone: 'Europe/London' },
    t.core,
  );
  const meeting = await t.core.uow.read.meetings.get(meetingId);
  t.core.clock.set(new Date((meeting?.startsAt?.getTime() ?? 0) + 3600_000));
  await markSessionHeld({ actor: by, meetingId }, t.core);
  return meetingId;
}

const selfChecks = async (t: TriadFixture) =>
  (await readOutbox(t.core, t.engagementId)).filter((r) => r.key.endsWith(':self-check'));

describe('the partnering self-check', () => {
  it('is off until the coach asks for it; then it comes to the coach’s own DM after each session, once', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const first = await heldSession(t);
    expect(await selfChecks(t)).toEqual([]);
    const saved = await saveCoachNote({ actor: coach1, meetingId: first, notes: 'n' }, t.core);
    const switchOn = messageControls(saved.reply).find(
      (c) => c.type === 'button' && c.actionId === 'session.self_check',
    );
    expect(switchOn?.type === 'button' && switchOn.value).toBe(`${t.engagementId}:on`);
    await runAction('session.self_check', { actor: coach1, value: `${t.engagementId}:on` }, t.core);
    const second = await heldSession(t, client, 12);
    await markSessionHeld({ actor: coach1, meetingId: second }, t.core);
    const sent = await selfChecks(t);
    const kim = await t.person('UCOACH1');
    expect(sent.map((r) => [r.key, r.message?.destination])).toEqual([
      // privateToPerson: HR's failed-delivery views never count it (a failure would tell HR a session was held).
      [
        `meeting:${second}:self-check`,
        { kind: 'hr', personId: kim.id, engagementId: t.engagementId, privateToPerson: true },
      ],
    ]);
    for (const signal of notPartneringSignals) expect(sent[0]?.text).toContain(signal);
    await runAction('session.self_check', { actor: coach1, value: `${t.engagementId}:off` }, t.core);
    await heldSession(t, coach1, 14);
    expect(await selfChecks(t)).toHaveLength(1);
  });

  it.each([
    ['the client', client, 'not_authorised'],
    ['the sponsor', sponsor, 'not_authorised'],
    ['HR', hr, 'not_authorised'],
    ['a coach who was not chosen', coach2, 'not_found'],
  ])('refuses %s turning it on, changing nothing', async (_who, who, code) => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    await expect(
      runAction('session.self_check', { actor: who, value: `${t.engagementId}:on` }, t.core),
    ).rejects.toMatchObject({ code });
    expect((await t.core.uow.read.spaces.find(t.engagementId, 'coaching'))?.coachSelfCheck).toBe(false);
  });

  it('stays with the coach who asked: a new coach starts without it', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    await runAction('session.self_check', { actor: coach1, value: `${t.engagementId}:on` }, t.core);
    await reassignCoach(
      { actor: hr, engagement: { kind: 'id', id: t.engagementId }, coachUserId: 'UCOACH2' },
      t.core,
    );
    await heldSession(t, coach2, 12);
    expect(await selfChecks(t)).toEqual([]);
  });
});
