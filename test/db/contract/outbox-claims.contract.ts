import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../../src/engagement/records.js';
import { type GetUow, inTx, outboxEntry, seedTriad, space } from './fixtures.js';

/** Long before every other contract test's rows, so a claim here takes only this file's entries. */
const early = (second: number) => new Date(Date.UTC(2001, 0, 1, 0, 0, second));

export function outboxClaimsContract(uow: GetUow) {
  describe('outbox claims', () => {
    it('hands a batch-written sealed payload to its claim byte for byte, whatever its length and bytes', async () => {
      const triad = await seedTriad(uow());
      const e = triad.engagement;
      const row = space(e.id, { kind: 'client_dm' });
      await inTx(uow(), (r) => r.spaces.insert(row));
      // Every byte value, lengths that pad base64 with nothing, one or two '=', and one long enough to wrap lines.
      const payloads = [0, 1, 2, 3, 57, 58, 4_000].map((length) =>
        Buffer.from(Array.from({ length }, (_, i) => (i * 151 + length) % 256)),
      );
      const entries = payloads.map((ciphertext, i) =>
        outboxEntry(e.id, {
          status: 'pending',
          attempts: 0,
          lastErrorCode: null,
          sentAt: null,
          availableAt: early(i),
          spaceId: row.id,
          destination: { kind: 'space', engagementId: e.id, space: `sealed-${i}` },
          ciphertext,
        }),
      );
      await inTx(uow(), (r) => r.outbox.insertMany(entries));
      const token = randomUUID();
      const claimed = await uow().read.outbox.claimDue(early(9), 10, early(30), token);
      const byId = new Map(claimed.map((c) => [c.entry.id, c.entry.ciphertext]));
      expect(entries.map((entry) => byId.get(entry.id)?.toString('hex'))).toEqual(
        payloads.map((bytes) => bytes.toString('hex')),
      );
      const stored = await uow().read.outbox.get(entries[6]?.id ?? '');
      expect(stored?.ciphertext.equals(payloads[6] as Buffer)).toBe(true);
      // Sent, so that no later claim of this file takes them.
      const sent = await uow().read.outbox.recordOutcomes(
        claimed.map((c) => ({
          id: c.entry.id,
          status: 'sent' as const,
          platformMessageId: null,
          at: early(9),
        })),
        token,
      );
      expect(sent).toBe(payloads.length);
    });

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

      const claimed = await uow().read.outbox.claimDue(early(10), 2, early(30), randomUUID());
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
      const next = await uow().read.outbox.claimDue(early(10), 10, early(30), randomUUID());
      expect(next.map((c) => c.entry.id)).toEqual([waiting.id, toHr.id]);
      expect(next[1]?.space).toBeUndefined();
      expect(next[1]?.tenant?.id).toBe(triad.organisation.platformTenantId);
      expect(await uow().read.outbox.claimDue(early(10), 10, early(30), randomUUID())).toEqual([]);

      // A claim whose worker died: claimed again once the lease is over, as a retried entry.
      const token = randomUUID();
      const again = await uow().read.outbox.claimDue(early(31), 10, early(60), token);
      expect(again.map((c) => [c.entry.id, c.entry.attempts])).toEqual([
        [first.id, 2],
        [waiting.id, 2],
        [retried.id, 4],
        [toHr.id, 2],
      ]);
      expect(await uow().read.outbox.claimDue(early(31), 0, early(60), randomUUID())).toEqual([]);

      const recorded = await uow().read.outbox.recordOutcomes(
        [
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
        ],
        token,
      );
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
      expect(await uow().read.outbox.recordOutcomes([late], token)).toBe(0);
      expect((await stored(first.id))?.platformMessageId).toBe('ts.1');
      expect(await uow().read.outbox.recordOutcomes([], token)).toBe(0);
      // The claim ends with its outcomes: `waiting` is pending again but no longer the claim's; `toHr`, still
      // claimed, takes outcomes from its own claim only.
      const toHrSent = { id: toHr.id, status: 'sent' as const, platformMessageId: 'ts.3', at: early(34) };
      const waitingSent = {
        id: waiting.id,
        status: 'sent' as const,
        platformMessageId: 'ts.4',
        at: early(34),
      };
      expect(await uow().read.outbox.recordOutcomes([waitingSent, toHrSent], randomUUID())).toBe(0);
      expect(await uow().read.outbox.recordOutcomes([waitingSent], token)).toBe(0);
      expect(await uow().read.outbox.recordOutcomes([toHrSent], token)).toBe(1);
      expect(await stored(waiting.id)).toMatchObject({ status: 'pending', availableAt: early(33) });
      expect(await stored(toHr.id)).toMatchObject({ status: 'sent', platformMessageId: 'ts.3' });
      for (const done of [waiting, notYet]) await uow().read.outbox.markSent(done.id, null, early(59));
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
      const tokens = [randomUUID(), randomUUID(), randomUUID()];
      const claims = await Promise.all(
        tokens.map((token) => uow().read.outbox.claimDue(early(6), 25, early(20), token)),
      );
      const ids = claims.flatMap((claim) => claim.map((c) => c.entry.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(ids)).toEqual(new Set(entries.map((o) => o.id)));
      // Each claim's token holds its own entries only.
      const written = await Promise.all(
        tokens.map((token) =>
          uow().read.outbox.recordOutcomes(
            entries.map((o) => ({ id: o.id, status: 'sent', platformMessageId: null, at: early(7) })),
            token,
          ),
        ),
      );
      expect(written).toEqual(claims.map((claim) => claim.length));
    });

    it('confirms and records only for the claim whose token the entries carry, whatever their lease says', async () => {
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
      const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const outbox = () => uow().read.outbox;
      const first = await outbox().claimDue(early(9), 10, early(12), a);
      expect(first.map((x) => x.entry.id).sort()).toEqual([kept, taken, sent].sort());
      // The lease runs out: another batch claims `taken` again, and `sent` is sent by someone else meanwhile.
      const second = await outbox().claimDue(early(13), 1, early(25), b);
      expect(second.map((x) => x.entry.id)).toEqual([taken]);
      await outbox().markSent(sent, 'ts.9', early(13));

      // The first batch's fence: only `kept` still carries its token (its lease ran out, but nobody took it).
      // Read only, the lease left as it is; then renewing it.
      expect(await outbox().heldClaims([kept, taken, sent], a)).toEqual([kept]);
      expect(await outbox().get(kept)).toMatchObject({ availableAt: early(12) });
      expect(await outbox().heldClaims([taken], b)).toEqual([taken]);
      expect(await outbox().heldClaims([], a)).toEqual([]);
      expect(await outbox().heldClaims([taken], 'not-a-token')).toEqual([]);
      expect(await outbox().confirmClaims([kept, taken, sent], a, early(40))).toEqual([kept]);
      expect(await outbox().get(kept)).toMatchObject({ status: 'pending', availableAt: early(40) });
      expect(await outbox().get(taken)).toMatchObject({ status: 'pending', availableAt: early(25) });
      expect(await outbox().get(sent)).toMatchObject({ status: 'sent' });
      // The second batch holds `taken` and renews it (its heartbeat); a fence of nothing does nothing.
      expect(await outbox().confirmClaims([taken], b, early(50))).toEqual([taken]);
      expect(await outbox().confirmClaims([], b, early(50))).toEqual([]);
      expect(await outbox().confirmClaims([taken], 'not-a-token', early(50))).toEqual([]);
      // Outcomes are written only where the batch's token still is: the first batch's are not for `taken`.
      const fenced = await outbox().recordOutcomes(
        [kept, taken].map((id) => ({
          id,
          status: 'pending' as const,
          attempts: 0,
          availableAt: early(41),
          lastErrorCode: null,
          at: early(30),
        })),
        a,
      );
      expect(fenced).toBe(1);
      expect(await outbox().get(kept)).toMatchObject({ attempts: 0, availableAt: early(41) });
      expect(await outbox().get(taken)).toMatchObject({ attempts: 2, availableAt: early(50) });
      // Its outcome written, the claim is over: its token renews nothing more.
      expect(await outbox().confirmClaims([kept], a, early(60))).toEqual([]);

      // Two claims that land on the same lease expiry: `c` claims `kept` until 45; after it, `d` claims it and
      // renews it to 45 too (its clock stepped back). The lease no longer tells them apart; the token does.
      expect((await outbox().claimDue(early(41), 10, early(45), c)).map((x) => x.entry.id)).toEqual([kept]);
      expect((await outbox().claimDue(early(45), 10, early(60), d)).map((x) => x.entry.id)).toEqual([kept]);
      expect(await outbox().confirmClaims([kept], d, early(45))).toEqual([kept]);
      expect(await outbox().get(kept)).toMatchObject({ attempts: 2, availableAt: early(45) });
      expect(await outbox().confirmClaims([kept], c, early(55))).toEqual([]);
      const keptSent = { id: kept, status: 'sent' as const, platformMessageId: 'ts.c', at: early(46) };
      expect(await outbox().recordOutcomes([keptSent], c)).toBe(0);
      expect(await outbox().recordOutcomes([{ ...keptSent, platformMessageId: 'ts.d' }], d)).toBe(1);
      expect(await outbox().get(kept)).toMatchObject({ status: 'sent', platformMessageId: 'ts.d' });
      expect(
        await outbox().recordOutcomes(
          [{ id: taken, status: 'sent', platformMessageId: null, at: early(51) }],
          b,
        ),
      ).toBe(1);
    });

    it('claims entries due at the send slot they hold first, tells when it was given, and ends the holding', async () => {
      const { engagement: e } = await seedTriad(uow());
      const entries = Array.from({ length: 3 }, (_, n) =>
        outboxEntry(e.id, {
          status: 'pending',
          attempts: 0,
          lastErrorCode: null,
          availableAt: early(70),
          destination: { kind: 'space', engagementId: e.id, space: `slot${n}` },
        }),
      );
      await inTx(uow(), async (r) => {
        for (const one of entries) await r.outbox.insert(one);
      });
      const [older, slotted, later] = entries.map((o) => o.id) as [string, string, string];
      const outbox = () => uow().read.outbox;
      const token = randomUUID();
      expect(await outbox().claimDue(early(71), 10, early(90), token)).toHaveLength(3);
      const back = (id: string, at: number, pacedAt?: Date) => ({
        id,
        status: 'pending' as const,
        attempts: 0,
        availableAt: early(at),
        lastErrorCode: null,
        at: early(71),
        ...(pacedAt ? { pacedAt } : {}),
      });
      const put = [back(older, 75), back(slotted, 76, early(71)), back(later, 80, early(71))];
      expect(await outbox().recordOutcomes(put, token)).toBe(3);

      // Due at its slot, the slotted entry goes before the older one that holds none.
      const first = await outbox().claimDue(early(77), 1, early(90), randomUUID());
      expect(first.map((c) => [c.entry.id, c.reservedAt])).toEqual([[slotted, early(71)]]);
      const second = await outbox().claimDue(early(77), 10, early(90), randomUUID());
      expect(second.map((c) => [c.entry.id, c.reservedAt])).toEqual([[older, undefined]]);
      // Their workers died: claimed again after the lease, they hold no slot; `later` still holds its own.
      const again = await outbox().claimDue(early(100), 10, early(120), randomUUID());
      expect(again.map((c) => [c.entry.id, c.reservedAt])).toEqual([
        [older, undefined],
        [slotted, undefined],
        [later, early(71)],
      ]);
      for (const id of [older, slotted, later]) await outbox().markSent(id, null, early(101));
    });
  });
}
