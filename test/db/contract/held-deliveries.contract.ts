import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { at, type GetUow, inTx, outboxEntry, seedTriad } from './fixtures.js';

const held = (engagementId: string | null, code: string, extra = {}) =>
  outboxEntry(engagementId, {
    status: 'pending',
    attempts: 0,
    lastErrorCode: code,
    availableAt: at(40),
    sentAt: null,
    platformMessageId: null,
    ...extra,
  });

/** Before every other contract's entries, so that a claim here takes only this test's. */
const past = (second: number) => new Date(Date.UTC(2000, 5, 1, 0, 0, second));

export function heldDeliveryContract(uow: GetUow) {
  describe('held deliveries', () => {
    it("releases one organisation's entries held with the codes (space and direct), and no one else's", async () => {
      const mine = await seedTriad(uow());
      const theirs = await seedTriad(uow());
      const space = held(mine.engagement.id, 'workspace_uninstalled');
      const direct = held(null, 'tokens_revoked', {
        spaceId: null,
        destination: { kind: 'hr', personId: mine.hr.id },
      });
      const early = held(mine.engagement.id, 'workspace_uninstalled', { availableAt: at(1) });
      const otherCode = held(mine.engagement.id, 'ratelimited');
      const sent = held(mine.engagement.id, 'workspace_uninstalled', { status: 'sent', sentAt: at(30) });
      const other = held(theirs.engagement.id, 'workspace_uninstalled');
      await inTx(uow(), async (r) => {
        for (const entry of [space, direct, early, otherCode, sent, other]) await r.outbox.insert(entry);
      });
      const released = await inTx(uow(), (r) =>
        r.heldDeliveries.release(mine.organisation.id, ['workspace_uninstalled', 'tokens_revoked'], at(10)),
      );
      expect(released).toBe(3);
      const due = async (id: string) => (await uow().read.outbox.get(id))?.availableAt;
      expect(await due(space.id)).toEqual(at(10));
      expect(await due(direct.id)).toEqual(at(10));
      expect(await due(early.id)).toEqual(at(1));
      expect(await due(otherCode.id)).toEqual(at(40));
      expect(await due(sent.id)).toEqual(at(40));
      expect(await due(other.id)).toEqual(at(40));
      expect(await uow().read.heldDeliveries.release('not-a-uuid', ['tokens_revoked'], at(10))).toBe(0);
    });

    it('leaves an entry a delivery batch is trying right now to that batch: no second batch claims it', async () => {
      const mine = await seedTriad(uow());
      const entry = held(mine.engagement.id, 'workspace_uninstalled', { availableAt: past(5) });
      await inTx(uow(), (r) => r.outbox.insert(entry));
      // Its next look is due: a batch claims it (leased until 40) and tries it while the workspace comes back.
      const first = await uow().read.outbox.claimDue(past(6), 10, past(40), randomUUID());
      expect(first.map((claimed) => claimed.entry.id)).toEqual([entry.id]);

      expect(
        await uow().read.heldDeliveries.release(mine.organisation.id, ['workspace_uninstalled'], past(10)),
      ).toBe(0);
      expect(await uow().read.outbox.claimDue(past(11), 10, past(50), randomUUID())).toEqual([]);
      // A batch that died with it: once its lease ran out, the release makes it due.
      expect(
        await uow().read.heldDeliveries.release(mine.organisation.id, ['workspace_uninstalled'], past(45)),
      ).toBe(1);
    });

    it('puts held entries back in the queue unless a batch is trying one right now', async () => {
      const mine = await seedTriad(uow());
      const hold = { availableAt: past(20) };
      const [free, tried, sent] = [
        held(mine.engagement.id, 'space_has_strangers', hold),
        held(mine.engagement.id, 'space_has_strangers', { availableAt: past(2) }),
        held(mine.engagement.id, 'space_has_strangers', { ...hold, status: 'sent', sentAt: past(1) }),
      ];
      await inTx(uow(), async (r) => {
        for (const entry of [free, tried, sent]) await r.outbox.insert(entry);
      });
      // `tried` is due first: a batch claims it, leased until 40.
      const claimed = await uow().read.outbox.claimDue(past(3), 10, past(40), randomUUID());
      expect(claimed.map((one) => one.entry.id)).toEqual([tried.id]);

      const released = await inTx(uow(), (r) => r.outbox.releaseHeld([free.id, tried.id, sent.id], past(10)));
      expect(released).toEqual([free.id]);
      expect(await uow().read.outbox.get(free.id)).toMatchObject({
        availableAt: past(10),
        lastErrorCode: null,
      });
      expect(await uow().read.outbox.get(tried.id)).toMatchObject({
        availableAt: past(40),
        lastErrorCode: 'space_has_strangers',
      });
      expect(await uow().read.outbox.get(sent.id)).toMatchObject({ status: 'sent', availableAt: past(20) });
      expect(await uow().read.outbox.releaseHeld([], past(10))).toEqual([]);
    });
  });
}
