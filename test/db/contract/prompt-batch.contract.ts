import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DueSlot } from '../../../src/ports/repositories.js';
import { at, auditEntry, type GetUow, inTx, outboxEntry, prompt, seedTriad, space } from './fixtures.js';

/** The batch reads and writes of the minute's prompt tick: one statement each, whatever the batch size. */
export function promptBatchContract(uow: GetUow) {
  describe('prompt batches', () => {
    it('lists the slots of prompting engagements and the due ones with their prompt of the cycle', async () => {
      // A zone name of its own, so other tests' engagements (same store) never match these slots.
      const zone = `Test/${randomUUID()}`;
      const slot = { timeZone: zone, weekday: 1, time: '09:30' };
      const coaching = await seedTriad(uow(), { ...slotOf(slot), stage: 'coaching' });
      const closing = await seedTriad(uow(), { ...slotOf(slot), stage: 'closing' });
      const prompted = await seedTriad(uow(), { ...slotOf(slot), stage: 'coaching' });
      const paused = await seedTriad(uow(), { ...slotOf(slot), stage: 'paused' });
      const otherTime = await seedTriad(uow(), { ...slotOf({ ...slot, time: '10:00' }), stage: 'coaching' });
      const purged = await seedTriad(uow(), { ...slotOf(slot), stage: 'closing', purgedAt: at(1) });
      const issued = prompt(prompted.engagement.id, { cycle: '2027-W10' });
      await inTx(uow(), (r) => r.prompts.insert(issued));
      await inTx(uow(), (r) => r.prompts.insert(prompt(coaching.engagement.id, { cycle: '2027-W09' })));

      const slots = await uow().read.engagements.listPromptSlots();
      const mine = slots.filter((s) => s.timeZone === zone).sort((a, b) => a.time.localeCompare(b.time));
      expect(mine).toEqual([slot, { ...slot, time: '10:00' }]);

      const due: DueSlot[] = [{ ...slot, dueAt: at(30), cycle: '2027-W10' }];
      const listed = await uow().read.engagements.listPromptDue(due, undefined, 100);
      const expected = [coaching, closing, prompted]
        .map((t) => ({
          engagementId: t.engagement.id,
          dueAt: at(30),
          cycle: '2027-W10',
          promptId: t === prompted ? issued.id : null,
          cadence: t.engagement.cadence,
          startedAt: t.engagement.startedAt,
          timeZone: zone,
          platform: t.organisation.platform,
          organisationId: t.organisation.id,
          tenantId: t.organisation.platformTenantId,
          clientPlatformUserId: t.client.platformUserId,
        }))
        .sort((a, b) => a.engagementId.localeCompare(b.engagementId));
      expect(listed).toEqual(expected);
      for (const left of [paused, otherTime, purged]) {
        expect(listed.map((d) => d.engagementId)).not.toContain(left.engagement.id);
      }
      // Keyset pages.
      const first = await uow().read.engagements.listPromptDue(due, undefined, 2);
      const rest = await uow().read.engagements.listPromptDue(due, first.at(-1)?.engagementId, 2);
      expect([...first, ...rest]).toEqual(expected);
      expect(await uow().read.engagements.listPromptDue([], undefined, 10)).toEqual([]);
    });

    it('splits the due engagements into id ranges of a given size that cover them all', async () => {
      const zone = `Test/${randomUUID()}`;
      const slot = { timeZone: zone, weekday: 2, time: '08:00' };
      const seeded = [];
      for (let n = 0; n < 7; n += 1)
        seeded.push(await seedTriad(uow(), { ...slotOf(slot), stage: 'coaching' }));
      await seedTriad(uow(), { ...slotOf(slot), stage: 'paused' });
      const ids = seeded.map((t) => t.engagement.id).sort();
      const due: DueSlot[] = [{ ...slot, dueAt: at(30), cycle: '2027-W10' }];
      const read = uow().read.engagements;

      expect(await read.listPromptDueBounds(due, 3)).toEqual([ids[2], ids[5]]);
      expect(await read.listPromptDueBounds(due, 7)).toEqual([]);
      expect(await read.listPromptDueBounds(due, 1)).toEqual(ids.slice(0, 6));
      expect(await read.listPromptDueBounds([], 3)).toEqual([]);
      // The ranges (−∞, b1], (b1, b2], (b2, ∞) list each due engagement once.
      const [b1, b2] = [ids[2], ids[5]];
      const parts = [
        await read.listPromptDue(due, undefined, 100, b1),
        await read.listPromptDue(due, b1, 100, b2),
        await read.listPromptDue(due, b2, 100),
      ];
      expect(parts.map((part) => part.length)).toEqual([3, 3, 1]);
      expect(parts.flat().map((d) => d.engagementId)).toEqual(ids);
      // Keyset pages inside a range stop at its end.
      expect((await read.listPromptDue(due, ids[0], 100, b1)).map((d) => d.engagementId)).toEqual([
        ids[1],
        ids[2],
      ]);
      expect(await read.listPromptDue(due, undefined, 100, 'not-a-uuid')).toEqual([]);
    });

    it('loads for planning under lock, finds live spaces of many engagements', async () => {
      const triad = await seedTriad(uow());
      const other = await seedTriad(uow());
      const dm = space(triad.engagement.id, { kind: 'client_dm', retiredAt: null });
      const retired = space(other.engagement.id, { kind: 'client_dm', retiredAt: at(2) });
      await inTx(uow(), async (r) => {
        await r.spaces.insert(dm);
        await r.spaces.insert(retired);
      });
      const locked = await inTx(uow(), (r) =>
        r.engagements.loadForPlanning([triad.engagement.id, other.engagement.id], { forUpdate: true }),
      );
      expect(locked.map((s) => s.engagement.id)).toEqual([triad.engagement.id, other.engagement.id].sort());
      const found = await uow().read.spaces.findLive(
        [triad.engagement.id, other.engagement.id, 'nope'],
        'client_dm',
      );
      expect(found.map((s) => s.id)).toEqual([dm.id]);
    });

    it('inserts prompts, outbox entries and audit entries many at a time, skipping repeats', async () => {
      const triad = await seedTriad(uow());
      const id = triad.engagement.id;
      const earlier = prompt(id, { cycle: '2027-W01', status: 'snoozed', snoozedUntil: at(3) });
      await inTx(uow(), (r) => r.prompts.insert(earlier));
      const fresh = [prompt(id, { cycle: '2027-W02' }), prompt(id, { cycle: '2027-W03' })];
      const repeat = prompt(id, { cycle: '2027-W01' });
      const inserted = await inTx(uow(), async (r) => {
        await r.prompts.expire([earlier.id]);
        return r.prompts.insertMany([fresh[0], repeat, fresh[1]] as typeof fresh);
      });
      expect(inserted.sort()).toEqual(fresh.map((p) => p.id).sort());
      expect(await uow().read.prompts.get(earlier.id)).toEqual({
        ...earlier,
        status: 'expired',
        snoozedUntil: null,
      });
      expect(await uow().read.prompts.get(repeat.id)).toBeUndefined();
      expect(await inTx(uow(), (r) => r.prompts.insertMany([]))).toEqual([]);

      const stored = outboxEntry(id, { status: 'pending' });
      await inTx(uow(), (r) => r.outbox.insert(stored));
      const entries = [outboxEntry(id, { status: 'pending' }), outboxEntry(id, { status: 'pending' })];
      const twin = outboxEntry(id, { idempotencyKey: stored.idempotencyKey });
      const queued = await inTx(uow(), (r) =>
        r.outbox.insertMany([entries[0], twin, entries[1]] as typeof entries),
      );
      expect(queued.sort()).toEqual(entries.map((e) => e.id).sort());
      for (const entry of entries) expect(await uow().read.outbox.get(entry.id)).toEqual(entry);
      expect(await uow().read.outbox.get(twin.id)).toBeUndefined();

      const audits = [auditEntry(id, { action: 'batch_a' }), auditEntry(id, { action: 'batch_b' })];
      await inTx(uow(), (r) => r.audit.insertMany(audits));
      await inTx(uow(), (r) => r.audit.insertMany([]));
      const actions = (await uow().read.audit.listByEngagement(id)).map((a) => a.action);
      expect(actions).toEqual(expect.arrayContaining(['batch_a', 'batch_b']));
    });

    it('keeps the order of a batch, and every value as written', async () => {
      const triad = await seedTriad(uow());
      const id = triad.engagement.id;
      const destination = { kind: 'space', engagementId: id, space: 'sponsor', note: 'a "quoted" \\ value' };
      const pending = (n: number) =>
        outboxEntry(id, {
          status: 'pending',
          attempts: 0,
          lastErrorCode: null,
          sentAt: null,
          platformMessageId: null,
          availableAt: at(1),
          destination,
          readers: n === 0 ? [] : [triad.client.id],
        });
      const entries = [pending(0), pending(1), pending(2)];
      await inTx(uow(), (r) => r.outbox.insertMany(entries));
      for (const entry of entries) expect(await uow().read.outbox.get(entry.id)).toEqual(entry);
      // Written in the order given: each waits for the one before it in the same space.
      const waits = await Promise.all(entries.map((e) => uow().read.outbox.hasEarlierUntried(e, at(2))));
      expect(waits).toEqual([false, true, true]);

      const audits = [
        auditEntry(id, { action: 'batch_c', details: { nested: { n: 1, list: ['x', 'y'] }, when: 'é' } }),
        auditEntry(id, { action: 'batch_d', actorId: null, details: {} }),
      ];
      await inTx(uow(), (r) => r.audit.insertMany(audits));
      const stored = (await uow().read.audit.listByEngagement(id)).filter((a) =>
        a.action.startsWith('batch_'),
      );
      expect(stored.map(({ id: _id, ...rest }) => rest)).toEqual(audits);
    });
  });
}

const slotOf = (slot: { timeZone: string; weekday: number; time: string }) => ({
  timeZone: slot.timeZone,
  promptWeekday: slot.weekday,
  promptTime: slot.time,
});
