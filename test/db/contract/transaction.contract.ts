import { describe, expect, it } from 'vitest';
import { at, expectDatabaseError, type GetUow, inTx, outboxEntry, seedTriad } from './fixtures.js';

export function transactionContract(uow: GetUow) {
  describe('transactions', () => {
    it('commit the state change and its outbox rows together, and return what the work returns', async () => {
      const { engagement: e } = await seedTriad(uow());
      const message = outboxEntry(e.id, { status: 'pending' });
      const result = await inTx(uow(), async (r) => {
        await r.engagements.update({ ...e, stage: 'closing', version: 2 });
        await r.outbox.insert(message);
        return 'done';
      });
      expect(result).toBe('done');
      expect((await uow().read.engagements.get(e.id))?.stage).toBe('closing');
      expect(await uow().read.outbox.get(message.id)).toEqual(message);
    });

    it('roll back on a throw: neither the state change nor the outbox rows remain', async () => {
      const { engagement: e } = await seedTriad(uow());
      const message = outboxEntry(e.id, { status: 'pending' });
      const failure = new Error('the gate refused');
      await expect(
        inTx(uow(), async (r) => {
          await r.engagements.update({ ...e, stage: 'closing', version: 2 });
          await r.outbox.insert(message);
          await r.audit.insert({
            engagementId: e.id,
            actorId: null,
            action: 'x',
            outcome: 'done',
            details: {},
            createdAt: at(1),
          });
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await uow().read.engagements.get(e.id)).toEqual(e);
      expect(await uow().read.outbox.get(message.id)).toBeUndefined();
      expect(await uow().read.outbox.listByEngagement(e.id)).toEqual([]);
      expect(await uow().read.audit.listByEngagement(e.id)).toEqual([]);
    });

    it('keep uncommitted writes from readers outside the transaction', async () => {
      const { engagement: e } = await seedTriad(uow());
      const message = outboxEntry(e.id);
      let outside: Promise<unknown> | undefined;
      await expect(
        inTx(uow(), async (r) => {
          await r.outbox.insert(message);
          expect(await r.outbox.get(message.id)).toEqual(message);
          outside = uow().read.outbox.get(message.id);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await outside).toBeUndefined();
    });

    it('cannot commit after a statement failed, even when the work caught the error', async () => {
      const triad = await seedTriad(uow());
      const message = outboxEntry(triad.engagement.id);
      await expectDatabaseError(
        inTx(uow(), async (r) => {
          await r.outbox.insert(message);
          await r.engagements.insert({ ...triad.engagement, id: crypto.randomUUID() }).catch(() => undefined);
          return 'carried on';
        }),
        '23505',
        'engagements_one_active_per_client',
      );
      expect(await uow().read.outbox.get(message.id)).toBeUndefined();
    });

    it('let a conflict be caught inside the work without losing the rest', async () => {
      const { engagement: e } = await seedTriad(uow());
      const message = outboxEntry(e.id);
      const outcome = await inTx(uow(), async (r) => {
        const lost = await r.engagements
          .update({ ...e, version: 5 })
          .catch((error: { code: string }) => error.code);
        await r.outbox.insert(message);
        return lost;
      });
      expect(outcome).toBe('conflict');
      expect(await uow().read.outbox.get(message.id)).toEqual(message);
    });

    it('let concurrent read-modify-write transactions both succeed when they lock the row first', async () => {
      const { engagement: e } = await seedTriad(uow());
      const bump = () =>
        inTx(uow(), async (r) => {
          const current = await r.engagements.getForUpdate(e.id);
          if (!current) throw new Error('missing');
          await r.engagements.update({ ...current, weeks: current.weeks + 1, version: current.version + 1 });
        });
      await Promise.all([bump(), bump(), bump()]);
      const final = await uow().read.engagements.get(e.id);
      expect({ weeks: final?.weeks, version: final?.version }).toEqual({ weeks: e.weeks + 3, version: 4 });
    });

    it('turn a stale write after a concurrent change into a conflict', async () => {
      const { engagement: e } = await seedTriad(uow());
      const seen = await uow().read.engagements.get(e.id);
      if (!seen) throw new Error('missing');
      await inTx(uow(), (r) => r.engagements.update({ ...seen, stage: 'paused', version: 2 }));
      await expect(
        inTx(uow(), (r) => r.engagements.update({ ...seen, stage: 'closing', version: 2 })),
      ).rejects.toMatchObject({ code: 'conflict' });
      expect((await uow().read.engagements.get(e.id))?.stage).toBe('paused');
    });

    it('write single statements through `read` as their own transactions', async () => {
      const { engagement: e } = await seedTriad(uow());
      const message = outboxEntry(e.id);
      await uow().read.outbox.insert(message);
      expect(await uow().read.outbox.get(message.id)).toEqual(message);
    });
  });
}
