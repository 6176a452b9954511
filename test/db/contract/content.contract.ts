import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  at,
  bytes,
  consent,
  entry,
  expectDatabaseError,
  expectTriadError,
  type GetUow,
  inTx,
  prompt,
  release,
  seedTriad,
} from './fixtures.js';

export function contentContract(uow: GetUow) {
  describe('reflection prompts', () => {
    it('round-trips a prompt and sends at most one per cycle', async () => {
      const { engagement: e } = await seedTriad(uow());
      const first = prompt(e.id, { cycle: '2026-W48' });
      expect(await inTx(uow(), (r) => r.prompts.insert(first))).toBe(true);
      const second = prompt(e.id, { cycle: '2026-W48', questionId: 'closing-1' });
      expect(await inTx(uow(), (r) => r.prompts.insert(second))).toBe(false);
      expect(await uow().read.prompts.get(first.id)).toEqual(first);
      expect(await uow().read.prompts.get(second.id)).toBeUndefined();
      expect(await uow().read.prompts.findByCycle(e.id, '2026-W48')).toEqual(first);
      expect(await uow().read.prompts.findByCycle(e.id, '2026-W49')).toBeUndefined();
    });

    it('lists prompts, finds those with a nudge or snooze to come, updates and deletes them', async () => {
      const { engagement: e } = await seedTriad(uow());
      const snoozed = prompt(e.id, { cycle: 'c1', status: 'snoozed', sentAt: at(3) });
      const nudgeDue = prompt(e.id, { cycle: 'c2', status: 'sent', nudgedAt: null, sentAt: at(1) });
      const nudged = prompt(e.id, { cycle: 'c3', status: 'sent', snoozedUntil: null, sentAt: at(2) });
      const answered = prompt(e.id, { cycle: 'c4', status: 'answered', nudgedAt: null, sentAt: at(4) });
      await inTx(uow(), async (r) => {
        for (const one of [snoozed, nudgeDue, nudged, answered]) await r.prompts.insert(one);
      });
      expect(await uow().read.prompts.listByEngagement(e.id)).toEqual([nudgeDue, nudged, snoozed, answered]);
      const mine = new Set([snoozed, nudgeDue, nudged, answered].map((p) => p.id));
      const open = async () => (await uow().read.prompts.listOpen()).filter((p) => mine.has(p.id));
      expect(await open()).toEqual([nudgeDue, snoozed]);
      const done = { ...nudgeDue, status: 'answered' as const };
      await inTx(uow(), (r) => r.prompts.update(done));
      expect(await uow().read.prompts.get(done.id)).toEqual(done);
      expect(await open()).toEqual([snoozed]);
      await expectTriadError(
        inTx(uow(), (r) => r.prompts.update(prompt(e.id))),
        'not_found',
      );
      expect(await inTx(uow(), (r) => r.prompts.deleteByEngagement(e.id))).toBe(4);
      expect(await uow().read.prompts.listByEngagement(e.id)).toEqual([]);
      expect(await inTx(uow(), (r) => r.prompts.deleteByEngagement(e.id))).toBe(0);
    });
  });

  describe('private entries', () => {
    it('round-trips ciphertext bytes exactly and finds an entry by its subject', async () => {
      const { engagement: e, client } = await seedTriad(uow());
      const answer = entry(e.id, client.id);
      await inTx(uow(), (r) => r.entries.insert(answer));
      const stored = await uow().read.entries.get(answer.id);
      expect(stored).toEqual(answer);
      expect(Buffer.isBuffer(stored?.ciphertext)).toBe(true);
      expect(stored?.ciphertext.equals(answer.ciphertext)).toBe(true);
      const subject = answer.subjectId ?? '';
      expect(await uow().read.entries.findBySubject(e.id, 'reflection_answer', subject)).toEqual(answer);
      expect(await uow().read.entries.findBySubject(e.id, 'goal', subject)).toBeUndefined();
    });

    it('keeps one entry per subject and kind, but any number of goals without a subject', async () => {
      const { engagement: e, client } = await seedTriad(uow());
      const answer = entry(e.id, client.id);
      await inTx(uow(), (r) => r.entries.insert(answer));
      await expectDatabaseError(
        inTx(uow(), (r) => r.entries.insert(entry(e.id, client.id, { subjectId: answer.subjectId }))),
        '23505',
        'private_entries_subject',
      );
      const goals = [1, 2].map((n) =>
        entry(e.id, client.id, { kind: 'goal', subjectId: null, sharedWithCoachAt: null, createdAt: at(n) }),
      );
      await inTx(uow(), async (r) => {
        for (const goal of goals) await r.entries.insert(goal);
      });
      expect(await uow().read.entries.listByEngagement(e.id, 'goal')).toEqual(goals);
      expect(await uow().read.entries.listByEngagement(e.id)).toEqual([...goals, answer]);
    });

    it('lists one author’s entries of one kind across engagements (a coach’s notes), oldest first', async () => {
      const { engagement: e, client, coach } = await seedTriad(uow());
      const note = (n: number) =>
        entry(e.id, coach.id, { kind: 'coach_note', sharedWithCoachAt: null, createdAt: at(n) });
      const notes = [note(2), note(1)];
      await inTx(uow(), async (r) => {
        for (const n of notes) await r.entries.insert(n);
        await r.entries.insert(entry(e.id, client.id));
      });
      expect(await uow().read.entries.listByAuthor(coach.id, 'coach_note')).toEqual([notes[1], notes[0]]);
      expect(await uow().read.entries.listByAuthor(client.id, 'coach_note')).toEqual([]);
      expect(await uow().read.entries.listByAuthor('not-a-uuid', 'coach_note')).toEqual([]);
    });

    it('updates optimistically and deletes all of an engagement, even entries with releases', async () => {
      const { engagement: e, client } = await seedTriad(uow());
      const goal = entry(e.id, client.id, { kind: 'goal', subjectId: null });
      const shared = release(e.id, goal.id);
      await inTx(uow(), async (r) => {
        await r.entries.insert(goal);
        await r.releases.insert(shared);
      });
      const edited = { ...goal, ciphertext: bytes(), version: 2, updatedAt: at(44) };
      await inTx(uow(), (r) => r.entries.update(edited));
      expect(await uow().read.entries.get(goal.id)).toEqual(edited);
      await expectTriadError(
        inTx(uow(), (r) => r.entries.update({ ...goal, version: 2 })),
        'conflict',
      );
      expect(await inTx(uow(), (r) => r.entries.deleteByEngagement(e.id))).toBe(1);
      expect(await uow().read.entries.get(goal.id)).toBeUndefined();
      expect(await uow().read.releases.get(shared.id)).toEqual(shared);
    });

    it('refuses an entry whose author does not exist', async () => {
      const { engagement: e } = await seedTriad(uow());
      await expectDatabaseError(
        inTx(uow(), (r) => r.entries.insert(entry(e.id, randomUUID()))),
        '23503',
        'private_entries_author_id_people_id_fk',
      );
    });
  });

  describe('consents and releases', () => {
    it('round-trips, lists and updates consents', async () => {
      const { engagement: e, client } = await seedTriad(uow());
      const first = consent(e.id, client.id, { grantedAt: at(9) });
      const second = consent(e.id, client.id, {
        kind: 'activity_sharing',
        textHash: null,
        withdrawnAt: null,
      });
      await inTx(uow(), async (r) => {
        await r.consents.insert(first);
        await r.consents.insert(second);
      });
      expect(await uow().read.consents.get(first.id)).toEqual(first);
      expect(await uow().read.consents.listByEngagement(e.id)).toEqual([first, second]);
      const withdrawn = { ...second, withdrawnAt: at(33) };
      await inTx(uow(), (r) => r.consents.update(withdrawn));
      expect(await uow().read.consents.get(second.id)).toEqual(withdrawn);
      await expectTriadError(
        inTx(uow(), (r) => r.consents.update(consent(e.id, client.id))),
        'not_found',
      );
    });

    it('round-trips and updates releases, and purges their text but keeps their history', async () => {
      const { engagement: e, client } = await seedTriad(uow());
      const goal = entry(e.id, client.id, { kind: 'goal', subjectId: null });
      const agreed = consent(e.id, client.id);
      const previewed = release(e.id, goal.id, { status: 'previewed', releasedAt: null, withdrawnAt: null });
      const released = release(e.id, goal.id, { consentId: agreed.id, previewedAt: at(30) });
      await inTx(uow(), async (r) => {
        await r.entries.insert(goal);
        await r.consents.insert(agreed);
        await r.releases.insert(released);
        await r.releases.insert(previewed);
      });
      expect(await uow().read.releases.get(released.id)).toEqual(released);
      expect(await uow().read.releases.listByEngagement(e.id)).toEqual([previewed, released]);
      const superseded = { ...previewed, status: 'superseded' as const };
      await inTx(uow(), (r) => r.releases.update(superseded));
      expect(await uow().read.releases.get(previewed.id)).toEqual(superseded);
      await expectTriadError(
        inTx(uow(), (r) => r.releases.update(release(e.id, goal.id))),
        'not_found',
      );
      expect(await inTx(uow(), (r) => r.releases.deleteByEngagement(e.id))).toBe(2);
      expect(await inTx(uow(), (r) => r.releases.deleteByEngagement(e.id))).toBe(0);
      expect(await uow().read.releases.listByEngagement(e.id)).toEqual([]);
      expect(await inTx(uow(), (r) => r.consents.deleteByEngagement(e.id))).toBeGreaterThan(0);
      expect(await uow().read.consents.listByEngagement(e.id)).toEqual([]);
    });

    it('refuses a release pointing at a consent that does not exist', async () => {
      const { engagement: e, client } = await seedTriad(uow());
      const goal = entry(e.id, client.id);
      await inTx(uow(), (r) => r.entries.insert(goal));
      await expectDatabaseError(
        inTx(uow(), (r) => r.releases.insert(release(e.id, goal.id, { consentId: randomUUID() }))),
        '23503',
        'releases_consent_id_consents_id_fk',
      );
    });
  });
}
