import { describe, expect, it } from 'vitest';
import { revealPrivateText } from '../../../src/confidentiality/private-text.js';
import { runAction, runForm } from '../../../src/controls/controls.js';
import { mayRead } from '../../../src/policy/readers.js';
import { exportMyData } from '../../../src/use-cases/client/export-my-data.js';
import { routeDirectMessage } from '../../../src/use-cases/direct-messages/route-direct-message.js';
import { endEngagement } from '../../../src/use-cases/hr/end-engagement.js';
import { reassignCoach } from '../../../src/use-cases/hr/reassign-coach.js';
import { previewRelease } from '../../../src/use-cases/releases/preview-release.js';
import { purgeExpiredEngagements } from '../../../src/use-cases/retention/purge-expired-engagements.js';
import { openCoachNoteForm, saveCoachNote } from '../../../src/use-cases/sessions/coach-notes.js';
import { listCoachNotes } from '../../../src/use-cases/sessions/list-coach-notes.js';
import { markSessionHeld } from '../../../src/use-cases/sessions/mark-session-held.js';
import { scheduleSession } from '../../../src/use-cases/sessions/schedule-session.js';
import { readOutbox, replyText } from '../../support/outbox-reader.js';
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

const NOTE = 'CANARYCOACHNOTEZ she lit up talking about the offsite';

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

async function withNote() {
  const t = await startTriad();
  await advanceTo(t, 'coaching');
  const meetingId = await heldSession(t);
  const saved = await saveCoachNote({ actor: coach1, meetingId, notes: NOTE }, t.core);
  return { t, meetingId, entryId: saved.entryId ?? '' };
}

const dm = (t: TriadFixture, actor: typeof client, text: string) =>
  routeDirectMessage(
    { actor, text, requestKey: `${actor.platformUserId}-${text}-${Math.random()}` },
    { ...t.core, runHrCommand: async () => undefined },
  );

describe('coach notes', () => {
  it('stores the note encrypted, readable by that coach alone', async () => {
    const { t, entryId } = await withNote();
    const entry = await t.core.uow.read.entries.get(entryId);
    const [jane, kim, lee, sam, harper] = await Promise.all(
      ['UCLIENT', 'UCOACH1', 'UCOACH2', 'USPONSOR', 'UHR'].map((id) => t.person(id)),
    );
    expect(entry).toMatchObject({ kind: 'coach_note', authorId: kim?.id, readers: [kim?.id] });
    expect(entry?.ciphertext.toString('utf8')).not.toContain('CANARY');
    for (const other of [jane, lee, sam, harper]) expect(mayRead(other?.id, entry)).toBe(false);
    expect(await t.core.uow.read.audit.listByEngagement(t.engagementId)).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'coach_note_saved' })]),
    );
    expect(JSON.stringify(await t.core.uow.read.audit.listByEngagement(t.engagementId))).not.toContain(
      'CANARY',
    );
    expect(t.core.logLines.join('\n')).not.toContain('CANARY');
  });

  it('is read back by the coach with `notes`, and pre-fills their form; saving the same text changes nothing', async () => {
    const { t, meetingId } = await withNote();
    const listed = await dm(t, coach1, 'notes');
    expect(listed.meaning).toBe('notes');
    expect(replyText((listed as { reply: Parameters<typeof replyText>[0] }).reply)).toContain(
      'CANARYCOACHNOTEZ',
    );
    const { form } = await openCoachNoteForm({ actor: coach1, meetingId }, t.core);
    const initial = form.fields[0]?.type === 'text' ? form.fields[0].initial : undefined;
    expect(initial?.kind === 'private' ? revealPrivateText(initial.text) : '').toBe(NOTE);
    await saveCoachNote({ actor: coach1, meetingId, notes: NOTE }, t.core);
    const entries = await t.core.uow.read.entries.listByEngagement(t.engagementId, 'coach_note');
    expect(entries.map((e) => e.version)).toEqual([1]);
    await saveCoachNote({ actor: coach1, meetingId, notes: `${NOTE} and more` }, t.core);
    expect(
      (await t.core.uow.read.entries.listByEngagement(t.engagementId, 'coach_note')).map((e) => e.version),
    ).toEqual([2]);
  });

  it.each([
    ['the client', client, 'not_authorised', 'Only the coach can keep private notes on a coaching session.'],
    [
      'the sponsor',
      sponsor,
      'not_authorised',
      'Only the coach can keep private notes on a coaching session.',
    ],
    ['HR', hr, 'not_authorised', 'Only the coach can keep private notes on a coaching session.'],
    ['a coach who was not chosen', coach2, 'not_found', undefined],
    ['a stranger', stranger, 'not_found', undefined],
  ])(
    'refuses %s opening or saving notes, in clear words, changing nothing',
    async (_who, who, code, message) => {
      const { t, meetingId } = await withNote();
      const refusal = { code, ...(message ? { message } : {}) };
      await expect(openCoachNoteForm({ actor: who, meetingId }, t.core)).rejects.toMatchObject(refusal);
      await expect(saveCoachNote({ actor: who, meetingId, notes: 'mine now' }, t.core)).rejects.toMatchObject(
        refusal,
      );
      const entries = await t.core.uow.read.entries.listByEngagement(t.engagementId, 'coach_note');
      expect(entries).toHaveLength(1);
      expect(entries[0]?.version).toBe(1);
    },
  );

  it('refuses notes on a session not yet held, and bad input, changing nothing', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const { meetingId } = await scheduleSession(
      {
        actor: coach1,
        engagementId: t.engagementId,
        localDateTime: londonLocal(10),
        timeZone: 'Europe/London',
      },
      t.core,
    );
    await expect(saveCoachNote({ actor: coach1, meetingId, notes: NOTE }, t.core)).rejects.toMatchObject({
      code: 'illegal_transition',
      message: 'Notes are kept after a session.',
    });
    await expect(
      saveCoachNote({ actor: coach1, meetingId, notes: 'x'.repeat(3001) }, t.core),
    ).rejects.toMatchObject({ message: expect.stringContaining('longer than 3000') });
    await expect(
      saveCoachNote({ actor: coach1, meetingId: 'nope', notes: NOTE }, t.core),
    ).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect(await t.core.uow.read.entries.listByEngagement(t.engagementId)).toEqual([]);
  });

  it('never reaches the client: not their `notes`, export, goal buttons or release preview', async () => {
    const { t, entryId } = await withNote();
    const listed = await dm(t, client, 'notes');
    expect(JSON.stringify(listed)).not.toContain('CANARY');
    const exported = await exportMyData({ actor: client, surface: 'client_dm' }, t.core);
    expect(JSON.stringify(exported)).not.toContain('CANARY');
    await expect(previewRelease({ actor: client, entryId }, t.core)).rejects.toMatchObject({
      code: 'not_authorised',
    });
    await expect(runAction('goal.edit', { actor: client, value: entryId }, t.core)).rejects.toMatchObject({
      code: 'not_found',
    });
    const rows = await readOutbox(t.core, t.engagementId);
    expect(rows.map((r) => r.text).join('\n')).not.toContain('CANARY');
  });

  it('stays with the coach who wrote it: a reassigned coach neither reads nor overwrites it; the former coach still reads it', async () => {
    const { t, meetingId } = await withNote();
    t.core.clock.advance(60_000);
    await reassignCoach(
      { actor: hr, engagement: { kind: 'id', id: t.engagementId }, coachUserId: 'UCOACH2' },
      t.core,
    );
    await expect(openCoachNoteForm({ actor: coach2, meetingId }, t.core)).rejects.toMatchObject({
      code: 'not_authorised',
      message: 'That session was held before you became the coach.',
    });
    await expect(
      saveCoachNote({ actor: coach2, meetingId, notes: 'overwrite' }, t.core),
    ).rejects.toMatchObject({
      code: 'not_authorised',
    });
    expect(JSON.stringify(await dm(t, coach2, 'notes'))).not.toContain('CANARY');
    await expect(openCoachNoteForm({ actor: coach1, meetingId }, t.core)).rejects.toMatchObject({
      code: 'not_found',
    });
    const former = await listCoachNotes({ actor: coach1 }, t.core);
    expect(replyText(former.reply)).toContain('CANARYCOACHNOTEZ');
    // The new coach keeps their own notes on the sessions they hold.
    const next = await heldSession(t, coach2, 14);
    await saveCoachNote({ actor: coach2, meetingId: next, notes: 'Lee’s own note' }, t.core);
    const lee = await t.person('UCOACH2');
    const mine = await t.core.uow.read.entries.listByAuthor(lee.id, 'coach_note');
    expect(mine.map((e) => e.readers)).toEqual([[lee.id]]);
  });

  it('runs through the control table: the button on the held message opens the form, the form saves', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const meetingId = await heldSession(t);
    const held = (await readOutbox(t.core, t.engagementId)).find(
      (r) => r.key === `meeting:${meetingId}:held`,
    );
    expect(held?.text).toContain('My private notes (coach)');
    const opened = await runAction('session.notes', { actor: coach1, value: meetingId }, t.core);
    expect(opened.form?.formId).toBe('session.notes.save');
    const saved = await runForm(
      'session.notes.save',
      { actor: coach1, context: { meetingId }, fields: { notes: NOTE }, requestKey: 'k1' },
      t.core,
    );
    expect(replyText(saved.reply as Parameters<typeof replyText>[0])).toContain('saved privately');
    await expect(
      runAction('session.notes', { actor: client, value: meetingId }, t.core),
    ).rejects.toMatchObject({ code: 'not_authorised' });
  });

  it('is deleted with the engagement', async () => {
    const { t } = await withNote();
    await endEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
    const ended = await t.engagement();
    const result = await purgeExpiredEngagements(
      { now: new Date((ended.purgeAfter?.getTime() ?? 0) + 1000) },
      t.core,
    );
    expect(result.purged).toEqual([t.engagementId]);
    const kim = await t.person('UCOACH1');
    expect(await t.core.uow.read.entries.listByAuthor(kim.id, 'coach_note')).toEqual([]);
    expect(replyText((await listCoachNotes({ actor: coach1 }, t.core)).reply)).toContain(
      'You have no session notes',
    );
  });
});
