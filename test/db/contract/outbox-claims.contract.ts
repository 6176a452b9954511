import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../../src/engagement/records.js';
import { type GetUow, inTx, outboxEntry, seedTriad, space } from './fixtures.js';

/** Long before every other contract test's rows, so a claim here takes only this file's entries. */
const early = (second: number) => new Date(Date.UTC(2001, 0, 1, 0, 0, second));

export function outboxClaimsContract(uow: GetUow) {
  describe('outbox claims', () => {
    it('claims due entries oldest first, counts an attempt, leases them, and hands out each only once', async () => {
      const triad = await seedTriad(uow());
      const e = triad.engagement;
      const row = space(e.id, { kind: 'client_dm' });
      await inTx(uow(), (r) => r.spaces.insert(row));
      const pending = { status: 'pending' as const, attempts: 0, lastErrorCode: null, sentAt: null };
      const toSpace = (kind: string, availableAt: Date, overrides: Partial<OutboxEntry> = {}) =>
        outboxEntry(e.id, {
          ...pending,
          availableAt,
          spaceId: row.id,
          destination: { kind: 'space', engagementId: e.id, space: kind },
          ...overrides,
        });
      const first = toSpace('client_dm', early(2));
      const waiting = toSpace('client_dm', early(1));
      const retried = toSpace('sponsor', early(3), { attempts: 2, lastErrorCode: 'platform_unreachable' });
      const toHr = outboxEntry(null, {
        ...pending,
        availableAt: early(4),
        spaceId: null,
        destination: { kind: 'hr', personId: triad.hr.id },
      });
      const notYet = toSpace('coaching', early(40));
      await inTx(uow(), async (r) => {
        for (const one of [first, waiting, retried, toHr, notYet]) await r.outbox.insert(one);
      });

      const claimed = await uow().read.outbox.claimDue(early(10), 2, early(30));
      expect(claimed.map((c) => c.entry.id)).toEqual([first.id, retried.id]);
      expect(claimed.map((c) => [c.entry.attempts, c.entry.availableAt])).toEqual([
        [1, early(30)],
        [3, early(30)],
      ]);
      const [one] = claimed;
      expect(one?.space).toEqual(row);
      expect(one?.engagement).toEqual(e);
      expect(one?.tenant).toEqual({
        platform: triad.organisation.platform,
        id: triad.organisation.platformTenantId,
      });

      // Once the earlier entry of the space has been tried, the later one may go (the conversation's pace keeps
      // them apart, as for entries delivered one by one); then the HR notice.
      const next = await uow().read.outbox.claimDue(early(10), 10, early(30));
      expect(next.map((c) => c.entry.id)).toEqual([waiting.id, toHr.id]);
      expect(next[1]?.space).toBeUndefined();
      expect(next[1]?.tenant?.id).toBe(triad.organisation.platformTenantId);
      expect(await uow().read.outbox.claimDue(early(10), 10, early(30))).toEqual([]);

      // A claim whose worker died: claimed again once the lease is over, as a retried entry.
      const again = await uow().read.outbox.claimDue(early(31), 10, early(60));
      expect(again.map((c) => [c.entry.id, c.entry.attempts])).toEqual([
        [first.id, 2],
        [waiting.id, 2],
        [retried.id, 4],
        [toHr.id, 2],
      ]);
      expect(await uow().read.outbox.claimDue(early(31), 0, early(60))).toEqual([]);

      const recorded = await uow().read.outbox.recordOutcomes([
        { id: first.id, status: 'sent', platformMessageId: 'ts.1', at: early(32) },
        {
          id: waiting.id,
          status: 'pending',
          attempts: 0,
          availableAt: early(33),
          lastErrorCode: null,
          at: early(32),
        },
        {
          id: retried.id,
          status: 'failed',
          attempts: 4,
          availableAt: early(60),
          lastErrorCode: 'channel_not_found',
          at: early(32),
        },
      ]);
      expect(recorded).toBe(3);
      const stored = async (id: string) => uow().read.outbox.get(id);
      expect(await stored(first.id)).toMatchObject({
        status: 'sent',
        platformMessageId: 'ts.1',
        sentAt: early(32),
        lastErrorCode: null,
        attempts: 2,
      });
      expect(await stored(waiting.id)).toMatchObject({
        status: 'pending',
        attempts: 0,
        availableAt: early(33),
      });
      expect(await stored(retried.id)).toMatchObject({
        status: 'failed',
        lastErrorCode: 'channel_not_found',
      });
      // An entry no longer pending is left as it is.
      const late = { id: first.id, status: 'sent' as const, platformMessageId: 'ts.2', at: early(50) };
      expect(await uow().read.outbox.recordOutcomes([late])).toBe(0);
      expect((await stored(first.id))?.platformMessageId).toBe('ts.1');
      expect(await uow().read.outbox.recordOutcomes([])).toBe(0);
      await uow().read.outbox.recordOutcomes(
        [waiting, toHr, notYet].map((o) => ({
          id: o.id,
          status: 'sent',
          platformMessageId: null,
          at: early(59),
        })),
      );
    });

    it('gives two claims at the same moment disjoint entries', async () => {
      const { engagement: e } = await seedTriad(uow());
      const entries = Array.from({ length: 40 }, (_, n) =>
        outboxEntry(e.id, {
          status: 'pending',
          attempts: 0,
          lastErrorCode: null,
          availableAt: early(5),
          destination: { kind: 'space', engagementId: e.id, space: `s${n}` },
        }),
      );
      await inTx(uow(), async (r) => {
        for (const one of entries) await r.outbox.insert(one);
      });
      const claims = await Promise.all(
        [1, 2, 3].map(() => uow().read.outbox.claimDue(early(6), 25, early(20))),
      );
      const ids = claims.flatMap((claim) => claim.map((c) => c.entry.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(ids)).toEqual(new Set(entries.map((o) => o.id)));
      await uow().read.outbox.recordOutcomes(
        entries.map((o) => ({ id: o.id, status: 'sent', platformMessageId: null, at: early(7) })),
      );
    });

    it('confirms before sending only the claims still held, renewing their lease', async () => {
      const { engagement: e } = await seedTriad(uow());
      const entries = Array.from({ length: 3 }, (_, n) =>
        outboxEntry(e.id, {
          status: 'pending',
          attempts: 0,
          lastErrorCode: null,
          availableAt: early(8),
          destination: { kind: 'space', engagementId: e.id, space: `c${n}` },
        }),
      );
      await inTx(uow(), async (r) => {
        for (const one of entries) await r.outbox.insert(one);
      });
      const [taken, kept, sent] = entries.map((o) => o.id) as [string, string, string];
      const first = await uow().read.outbox.claimDue(early(9), 10, early(12));
      expect(first.map((c) => c.entry.id).sort()).toEqual([kept, taken, sent].sort());
      // The lease runs out: another worker claims `taken` again, and `sent` is recorded by someone else meanwhile.
      const second = await uow().read.outbox.claimDue(early(13), 1, early(25));
      expect(second.map((c) => c.entry.id)).toEqual([taken]);
      await uow().read.outbox.recordOutcomes([
        { id: sent, status: 'sent', platformMessageId: 'ts.9', at: early(13) },
      ]);

      // The first claim, fenced with its own lease: only `kept` is still its own.
      const confirmed = await uow().read.outbox.confirmClaims([kept, taken, sent], early(12), early(40));
      expect(confirmed).toEqual([kept]);
      expect(await uow().read.outbox.get(kept)).toMatchObject({ status: 'pending', availableAt: early(40) });
      expect(await uow().read.outbox.get(taken)).toMatchObject({ status: 'pending', availableAt: early(25) });
      expect(await uow().read.outbox.get(sent)).toMatchObject({ status: 'sent' });
      // The second claim holds `taken` and renews it; a fence of nothing does nothing.
      expect(await uow().read.outbox.confirmClaims([taken], early(25), early(50))).toEqual([taken]);
      expect(await uow().read.outbox.confirmClaims([], early(25), early(50))).toEqual([]);
      // Outcomes fenced by a lease are written only where it still holds: the first claim's are not for `taken`.
      const fenced = await uow().read.outbox.recordOutcomes(
        [kept, taken].map((id) => ({
          id,
          status: 'pending' as const,
          attempts: 0,
          availableAt: early(41),
          lastErrorCode: null,
          at: early(30),
        })),
        early(40),
      );
      expect(fenced).toBe(1);
      expect(await uow().read.outbox.get(kept)).toMatchObject({ attempts: 0, availableAt: early(41) });
      expect(await uow().read.outbox.get(taken)).toMatchObject({ attempts: 2, availableAt: early(50) });
      await uow().read.outbox.recordOutcomes(
        [kept, taken].map((id) => ({ id, status: 'sent', platformMessageId: null, at: early(41) })),
      );
    });
  });
}
