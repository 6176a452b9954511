import { describe, expect, it } from 'vitest';
import { revealPrivateText } from '../../../src/confidentiality/private-text.js';
import { entryRow } from '../../../src/confidentiality/sealed-rows.js';
import { openPreparationForm } from '../../../src/use-cases/preparation/open-preparation-form.js';
import { savePreparation } from '../../../src/use-cases/preparation/save-preparation.js';
import { actors, type Role, triadIn } from '../client/triad-fixture.js';

const CANARY = 'CANARY-prep-7f3a';

async function alignment() {
  const fixture = await triadIn('alignment');
  const meeting = await fixture.scheduleMeeting('alignment', new Date('2026-12-01T10:00:00Z'));
  return { fixture, meeting };
}

describe('meeting preparation', () => {
  it('stores the client’s notes encrypted and pre-fills them when the form opens again', async () => {
    const { fixture, meeting } = await alignment();
    const before = (await fixture.outbox()).length;
    await savePreparation(
      { actor: actors.client, meetingId: meeting.id, notes: `Present goal one ${CANARY}` },
      fixture.core,
    );

    const { form } = await openPreparationForm({ actor: actors.client, meetingId: meeting.id }, fixture.core);
    const field = form.fields.find((f) => f.type === 'text');
    expect(
      field?.type === 'text' && field.initial?.kind === 'private' && revealPrivateText(field.initial.text),
    ).toBe(`Present goal one ${CANARY}`);
    expect(JSON.stringify(fixture.uow.dumpRows())).not.toContain(CANARY);
    expect((await fixture.outbox()).length).toBe(before);
  });

  it('replaces the notes on edit instead of adding a second entry', async () => {
    const { fixture, meeting } = await alignment();
    await savePreparation({ actor: actors.client, meetingId: meeting.id, notes: 'first' }, fixture.core);
    await savePreparation({ actor: actors.client, meetingId: meeting.id, notes: 'second' }, fixture.core);
    const entries = await fixture.core.uow.read.entries.listByEngagement(
      fixture.engagementId,
      'meeting_preparation',
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]?.version).toBe(2);
    expect(fixture.core.cipher.open(entries[0] as never, entryRow(entries[0] as never))).toBe('second');
  });

  it('changes nothing and audits nothing when the same notes are saved again (a double click)', async () => {
    const { fixture, meeting } = await alignment();
    const save = () =>
      savePreparation({ actor: actors.client, meetingId: meeting.id, notes: 'same' }, fixture.core);
    await save();
    const again = await save();
    expect(again.meetingId).toBe(meeting.id);
    const entries = await fixture.core.uow.read.entries.listByEngagement(
      fixture.engagementId,
      'meeting_preparation',
    );
    expect(entries.map((entry) => entry.version)).toEqual([1]);
    const audits = await fixture.core.uow.read.audit.listByEngagement(fixture.engagementId);
    expect(audits.filter((a) => a.action === 'meeting_preparation_saved')).toHaveLength(1);
  });

  it.each<Role>(['sponsor', 'coach', 'hr', 'stranger'])('refuses the %s and stores nothing', async (role) => {
    const { fixture, meeting } = await alignment();
    await expect(
      savePreparation({ actor: actors[role], meetingId: meeting.id, notes: 'notes' }, fixture.core),
    ).rejects.toMatchObject({ code: expect.stringMatching(/not_authorised|not_found/) });
    await expect(
      openPreparationForm({ actor: actors[role], meetingId: meeting.id }, fixture.core),
    ).rejects.toThrow();
    expect(
      await fixture.core.uow.read.entries.listByEngagement(fixture.engagementId, 'meeting_preparation'),
    ).toEqual([]);
  });

  it.each([
    ['empty notes', '   ', 'validation_failed'],
    ['notes over 3000 characters', 'x'.repeat(3001), 'text_too_long'],
  ])('refuses %s', async (_case, notes, code) => {
    const { fixture, meeting } = await alignment();
    await expect(
      savePreparation({ actor: actors.client, meetingId: meeting.id, notes }, fixture.core),
    ).rejects.toMatchObject({ code });
  });

  it('offers preparation only for meetings the client owns with the sponsor, not the kickoff', async () => {
    const { fixture } = await alignment();
    const kickoff = (await fixture.core.uow.read.meetings.listByEngagement(fixture.engagementId)).find(
      (m) => m.kind === 'kickoff',
    );
    await expect(
      openPreparationForm({ actor: actors.client, meetingId: kickoff?.id ?? '' }, fixture.core),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
