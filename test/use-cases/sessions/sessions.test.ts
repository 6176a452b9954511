import { describe, expect, it } from 'vitest';
import { pauseEngagement } from '../../../src/use-cases/hr/pause-engagement.js';
import { cancelSession } from '../../../src/use-cases/sessions/cancel-session.js';
import { markSessionHeld } from '../../../src/use-cases/sessions/mark-session-held.js';
import { moveSession } from '../../../src/use-cases/sessions/move-session.js';
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

async function coaching(): Promise<TriadFixture> {
  const t = await startTriad();
  await advanceTo(t, 'coaching');
  return t;
}

const book = (t: TriadFixture, who = coach1, local = londonLocal(10)) =>
  scheduleSession(
    { actor: who, engagementId: t.engagementId, localDateTime: local, timeZone: 'Europe/London' },
    t.core,
  );

describe('coaching sessions', () => {
  it.each([
    ['the coach', coach1, 'ok'],
    ['the client', client, 'ok'],
    ['the sponsor', sponsor, 'not_authorised'],
    ['HR', hr, 'not_authorised'],
    ['a coach who was not chosen', coach2, 'not_found'],
    ['a stranger', stranger, 'not_found'],
  ])('%s scheduling → %s', async (_who, who, outcome) => {
    const t = await coaching();
    const run = book(t, who);
    if (outcome === 'ok') {
      const { meetingId } = await run;
      expect(await t.core.uow.read.meetings.get(meetingId)).toMatchObject({
        kind: 'session',
        status: 'scheduled',
      });
    } else {
      await expect(run).rejects.toMatchObject({ code: outcome });
    }
  });

  it('says sessions are for the client and coach only', async () => {
    const t = await coaching();
    await expect(book(t, sponsor)).rejects.toMatchObject({
      message: 'Only the client or the coach can schedule a coaching session.',
    });
  });

  it('tells the coaching space only — never the sponsor thread; the client DM gets only the question after', async () => {
    const t = await coaching();
    const before = await readOutbox(t.core, t.engagementId);
    const { meetingId } = await book(t);
    await moveSession({ actor: client, meetingId, localDateTime: londonLocal(11) }, t.core);
    t.core.clock.set(new Date(Date.UTC(2026, 11, 5)));
    await markSessionHeld({ actor: client, meetingId }, t.core);
    const { meetingId: other } = await book(t, client, londonLocal(20));
    await cancelSession({ actor: coach1, meetingId: other }, t.core);
    const after = await readOutbox(t.core, t.engagementId);
    const added = after.filter(
      (r) => !before.some((b) => b.entry.id === r.entry.id) && !r.key.endsWith(':action-question'),
    );
    const question = after.filter((r) => r.key === `meeting:${meetingId}:action-question`);
    expect(question.map((r) => r.message?.destination)).toEqual([
      { kind: 'space', engagementId: t.engagementId, space: 'client_dm' },
    ]);
    expect(
      added.map((r) => (r.message?.destination.kind === 'space' ? r.message.destination.space : 'other')),
    ).toEqual(Array(added.length).fill('coaching'));
    expect(added.map((r) => r.key.split(':').slice(2).join(':')).sort()).toEqual(
      ['v1:scheduled', 'v2:moved', 'held', 'v1:scheduled', 'v2:cancelled'].sort(),
    );
    const scheduled = messagesTo(after, 'coaching').find(
      (r) => r.key === `meeting:${meetingId}:v1:scheduled`,
    );
    expect(scheduled?.text).toContain('Kim scheduled a 60-minute coaching session.');
    expect(scheduled?.text).toContain('Jane: Thu 3 Dec 2026, 14:00 (London time)');
    expect(scheduled?.text).toContain('Kim: Thu 3 Dec 2026, 23:00 (Tokyo time)');
  });

  it('is double-click safe for scheduling, moving, cancelling and marking held', async () => {
    const t = await coaching();
    const first = await book(t);
    const again = await book(t);
    expect(again).toMatchObject({ meetingId: first.meetingId, changed: false });
    expect(replyText(again.reply)).toBe(replyText(first.reply));
    const sessions = (await t.core.uow.read.meetings.listByEngagement(t.engagementId)).filter(
      (m) => m.kind === 'session',
    );
    expect(sessions).toHaveLength(1);
    const moved = { actor: client, meetingId: first.meetingId, localDateTime: londonLocal(12) };
    await moveSession(moved, t.core);
    expect((await moveSession(moved, t.core)).changed).toBe(false);
    t.core.clock.set(new Date(Date.UTC(2026, 11, 6)));
    await markSessionHeld({ actor: coach1, meetingId: first.meetingId }, t.core);
    expect((await markSessionHeld({ actor: coach1, meetingId: first.meetingId }, t.core)).changed).toBe(
      false,
    );
    const second = await book(t, client, londonLocal(20));
    await cancelSession({ actor: client, meetingId: second.meetingId }, t.core);
    expect((await cancelSession({ actor: client, meetingId: second.meetingId }, t.core)).changed).toBe(false);
    const rows = await readOutbox(t.core, t.engagementId);
    // scheduled, moved, held, and the one question after it
    expect(rows.filter((r) => r.key.startsWith(`meeting:${first.meetingId}`))).toHaveLength(4);
  });

  it.each([
    ['before a coach is chosen', 'coach_matching', 'illegal_transition'],
    ['while paused', 'paused', 'illegal_transition'],
  ] as const)('refuses scheduling %s', async (_when, state, code) => {
    const t = await startTriad();
    if (state === 'paused') {
      await advanceTo(t, 'coaching');
      await pauseEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
    } else {
      await advanceTo(t, state);
    }
    await expect(book(t, client)).rejects.toMatchObject({ code });
  });

  it('refuses a session still to come as held, a held one as moved or cancelled, and bad times', async () => {
    const t = await coaching();
    const { meetingId } = await book(t);
    await expect(markSessionHeld({ actor: coach1, meetingId }, t.core)).rejects.toMatchObject({
      code: 'illegal_transition',
      hint: 'Mark it as held once it has taken place.',
    });
    await expect(
      moveSession({ actor: coach1, meetingId, localDateTime: '2026-11-01T10:00' }, t.core),
    ).rejects.toMatchObject({ code: 'date_in_past' });
    t.core.clock.set(new Date(Date.UTC(2026, 11, 6)));
    await markSessionHeld({ actor: coach1, meetingId }, t.core);
    await expect(
      moveSession({ actor: coach1, meetingId, localDateTime: londonLocal(30) }, t.core),
    ).rejects.toMatchObject({ code: 'illegal_transition' });
    await expect(cancelSession({ actor: coach1, meetingId }, t.core)).rejects.toMatchObject({
      message: 'That coaching session has already been held.',
    });
    await expect(
      scheduleSession(
        { actor: coach1, engagementId: t.engagementId, localDateTime: londonLocal(30), durationMinutes: 500 },
        t.core,
      ),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('refuses session operations on triad meetings and by the sponsor', async () => {
    const t = await coaching();
    const midpoint = await t.meeting('midpoint');
    await expect(
      moveSession({ actor: client, meetingId: midpoint.id, localDateTime: londonLocal(30) }, t.core),
    ).rejects.toMatchObject({ message: 'That is an alignment meeting, not a coaching session.' });
    const { meetingId } = await book(t);
    await expect(cancelSession({ actor: sponsor, meetingId }, t.core)).rejects.toMatchObject({
      code: 'not_authorised',
    });
  });
});
