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
  });
}
