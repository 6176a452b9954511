import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  at,
  auditEntry,
  expectTriadError,
  type GetUow,
  inTx,
  jsonValue,
  outboxEntry,
  seedTriad,
} from './fixtures.js';

export function outboxContract(uow: GetUow) {
  describe('outbox', () => {
    it('round-trips an entry, with or without an engagement', async () => {
      const { engagement: e } = await seedTriad(uow());
      const toSpace = outboxEntry(e.id);
      const toPerson = outboxEntry(null, { sentAt: null, lastErrorCode: null, platformMessageId: null });
      expect(await inTx(uow(), (r) => r.outbox.insert(toSpace))).toEqual(toSpace);
      expect(await inTx(uow(), (r) => r.outbox.insert(toPerson))).toEqual(toPerson);
      expect(await uow().read.outbox.get(toSpace.id)).toEqual(toSpace);
      expect(await uow().read.outbox.get(toPerson.id)).toEqual(toPerson);
    });

    it('stores one entry per idempotency key and returns the first one to a repeat', async () => {
      const { engagement: e } = await seedTriad(uow());
      const first = outboxEntry(e.id, { status: 'pending' });
      await inTx(uow(), (r) => r.outbox.insert(first));
      const repeat = outboxEntry(e.id, { idempotencyKey: first.idempotencyKey, destination: jsonValue() });
      expect(await inTx(uow(), (r) => r.outbox.insert(repeat))).toEqual(first);
      const inOneTransaction = outboxEntry(e.id);
      const [a, b] = await inTx(uow(), async (r) => [
        await r.outbox.insert(inOneTransaction),
        await r.outbox.insert({ ...inOneTransaction, id: randomUUID() }),
      ]);
      expect(b).toEqual(a);
      expect(await uow().read.outbox.get(repeat.id)).toBeUndefined();
      expect(await uow().read.outbox.listByEngagement(e.id)).toHaveLength(2);
    });

    it('tells an entry to wait for the untried entries written before it to the same space', async () => {
      const { engagement: e } = await seedTriad(uow());
      const space = (name: string) => ({ kind: 'space', engagementId: e.id, space: name });
      const untried = { status: 'pending' as const, attempts: 0, availableAt: at(0), lastErrorCode: null };
      const [first, second, otherSpace, toHr, later] = [
        outboxEntry(e.id, { ...untried, destination: space('sponsor') }),
        outboxEntry(e.id, {
          ...untried,
          destination: { ...space('sponsor'), threadMeetingId: randomUUID() },
        }),
        outboxEntry(e.id, { ...untried, destination: space('coaching') }),
        outboxEntry(e.id, { ...untried, destination: { kind: 'hr', personId: randomUUID() } }),
        outboxEntry(e.id, { ...untried, destination: space('coaching'), availableAt: at(30) }),
      ];
      const stored = await inTx(uow(), async (r) => {
        const rows = [];
        for (const one of [first, second, otherSpace, toHr, later]) rows.push(await r.outbox.insert(one));
        return rows;
      });
      const waits = (i: number, now = at(5)) =>
        uow().read.outbox.hasEarlierUntried(stored[i] as NonNullable<(typeof stored)[0]>, now);
      expect(stored.map((row) => row.id)).toEqual([first, second, otherSpace, toHr, later].map((o) => o.id));
      expect([await waits(0), await waits(1), await waits(2), await waits(3)]).toEqual([
        false,
        true,
        false,
        false,
      ]);
      expect(await waits(4, at(40))).toBe(true);
      await inTx(uow(), (r) => r.outbox.update({ ...first, lastErrorCode: 'space_not_linked' }));
      expect(await waits(1)).toBe(false);
      await inTx(uow(), (r) => r.outbox.update(first));
      expect(await waits(1)).toBe(true);
      await uow().read.outbox.startAttempt(first.id, at(5));
      expect(await waits(1)).toBe(false);
      await inTx(uow(), (r) => r.outbox.update({ ...(stored[2] as typeof otherSpace), status: 'sent' }));
      expect(await waits(4, at(40))).toBe(false);
    });

    it('lists pending entries that are due, oldest first, up to a limit', async () => {
      const { engagement: e } = await seedTriad(uow());
      const due = [3, 1, 2].map((m) => outboxEntry(e.id, { status: 'pending', availableAt: at(m) }));
      const notYet = outboxEntry(e.id, { status: 'pending', availableAt: at(30) });
      const sent = outboxEntry(e.id, { status: 'sent', availableAt: at(0) });
      await inTx(uow(), async (r) => {
        for (const one of [...due, notYet, sent]) await r.outbox.insert(one);
      });
      const mine = new Set([...due, notYet, sent].map((o) => o.id));
      const listDue = async (now: Date, limit: number) =>
        (await uow().read.outbox.listDue(now, limit)).filter((o) => mine.has(o.id)).map((o) => o.id);
      const [at3, at1, at2] = due.map((o) => o.id);
      expect(await listDue(at(5), 1000)).toEqual([at1, at2, at3]);
      expect(await listDue(at(30), 1000)).toEqual([at1, at2, at3, notYet.id]);
      expect(await uow().read.outbox.listDue(at(5), 0)).toEqual([]);
    });

    it('updates entries, lists failed ones and purges payloads that will not be sent again', async () => {
      const { engagement: e } = await seedTriad(uow());
      const pending = outboxEntry(e.id, { status: 'pending' });
      const sent = outboxEntry(e.id, { createdAt: at(1) });
      const refused = outboxEntry(e.id, { status: 'refused', createdAt: at(2) });
      await inTx(uow(), async (r) => {
        for (const one of [pending, sent, refused]) await r.outbox.insert(one);
      });
      const failed = { ...pending, status: 'failed' as const, attempts: 5, updatedAt: at(50) };
      await inTx(uow(), (r) => r.outbox.update(failed));
      expect(await uow().read.outbox.get(pending.id)).toEqual(failed);
      expect((await uow().read.outbox.listFailed(10_000)).filter((o) => o.engagementId === e.id)).toEqual([
        failed,
      ]);
      await expectTriadError(
        inTx(uow(), (r) => r.outbox.update(outboxEntry(e.id))),
        'not_found',
      );
      const stillPending = outboxEntry(e.id, { status: 'pending', createdAt: at(40) });
      await inTx(uow(), (r) => r.outbox.insert(stillPending));
      expect(await inTx(uow(), (r) => r.outbox.deleteByEngagement(e.id))).toBe(4);
      expect(await inTx(uow(), (r) => r.outbox.deleteByEngagement(e.id))).toBe(0);
      expect(await uow().read.outbox.listByEngagement(e.id)).toEqual([]);
    });

    it('counts an attempt of a pending entry only, and records its send, each in one statement', async () => {
      const { engagement: e } = await seedTriad(uow());
      const pending = outboxEntry(e.id, {
        status: 'pending',
        attempts: 1,
        lastErrorCode: 'platform_unreachable',
      });
      const refused = outboxEntry(e.id, { status: 'refused', attempts: 0 });
      await inTx(uow(), async (r) => {
        for (const one of [pending, refused]) await r.outbox.insert(one);
      });
      const outbox = uow().read.outbox;

      const counted = await outbox.startAttempt(pending.id, at(10));
      expect(counted).toEqual({ ...pending, attempts: 2, updatedAt: at(10) });
      expect(await outbox.get(pending.id)).toEqual(counted);
      expect(await outbox.startAttempt(refused.id, at(10))).toBeUndefined();
      expect(await outbox.startAttempt(randomUUID(), at(10))).toBeUndefined();
      expect(await outbox.startAttempt('not-a-uuid', at(10))).toBeUndefined();
      expect(await outbox.get(refused.id)).toEqual(refused);

      expect(await outbox.markSent(pending.id, 'ts-1', at(11))).toBe(true);
      const sent = { status: 'sent', platformMessageId: 'ts-1', sentAt: at(11), lastErrorCode: null };
      expect(await outbox.get(pending.id)).toEqual({ ...counted, ...sent, updatedAt: at(11) });
      expect(await outbox.startAttempt(pending.id, at(12))).toBeUndefined();
      expect(await outbox.markSent(randomUUID(), null, at(12))).toBe(false);
    });

    it('cancels a pending entry only while no attempt has started, in one statement', async () => {
      const { engagement: e } = await seedTriad(uow());
      const untried = outboxEntry(e.id, { status: 'pending', attempts: 0, lastErrorCode: null });
      const tried = outboxEntry(e.id, { status: 'pending', attempts: 0, lastErrorCode: null });
      const sent = outboxEntry(e.id, { status: 'sent', attempts: 0 });
      await inTx(uow(), async (r) => {
        for (const one of [untried, tried, sent]) await r.outbox.insert(one);
      });
      const outbox = uow().read.outbox;
      await outbox.startAttempt(tried.id, at(9));
      expect(await outbox.cancelUntried(untried.id, 'withdrawn', at(10))).toBe(true);
      expect(await outbox.get(untried.id)).toEqual({
        ...untried,
        status: 'cancelled',
        lastErrorCode: 'withdrawn',
        updatedAt: at(10),
      });
      expect(await outbox.startAttempt(untried.id, at(11))).toBeUndefined();
      expect(await outbox.cancelUntried(untried.id, 'withdrawn', at(11))).toBe(false);
      expect(await outbox.cancelUntried(tried.id, 'withdrawn', at(11))).toBe(false);
      expect((await outbox.get(tried.id))?.status).toBe('pending');
      expect(await outbox.cancelUntried(sent.id, 'withdrawn', at(11))).toBe(false);
      expect(await outbox.cancelUntried(randomUUID(), 'withdrawn', at(11))).toBe(false);
      expect(await outbox.cancelUntried('not-a-uuid', 'withdrawn', at(11))).toBe(false);
    });
  });

  describe('audit log', () => {
    it('numbers entries as it stores them and lists an engagement’s in order', async () => {
      const { engagement: e } = await seedTriad(uow());
      const entries = [
        auditEntry(e.id, { createdAt: at(2) }),
        auditEntry(e.id, { actorId: null, createdAt: at(1) }),
      ];
      await inTx(uow(), async (r) => {
        for (const one of entries) await r.audit.insert(one);
        await r.audit.insert(auditEntry(null));
      });
      const listed = await uow().read.audit.listByEngagement(e.id);
      expect(listed.map(({ id: _id, ...rest }) => rest)).toEqual([entries[1], entries[0]]);
      const [insertedLater, insertedFirst] = listed.map((a) => a.id ?? Number.NaN);
      expect(insertedFirst).toBeLessThan(insertedLater ?? Number.NaN);
    });
  });

  describe('processed requests', () => {
    it('records a request key once and keeps the first outcome', async () => {
      const key = `slack:retry:${randomUUID()}`;
      const outcome = { reply: 'Engagement started', ids: [1, 2], nested: { ok: true } };
      const request = { key, outcome, createdAt: at(5) };
      expect(await inTx(uow(), (r) => r.processed.insert(request))).toBe(true);
      expect(await inTx(uow(), (r) => r.processed.insert({ key, outcome: 'other', createdAt: at(6) }))).toBe(
        false,
      );
      expect(await uow().read.processed.get(key)).toEqual(request);
      expect(await uow().read.processed.get(key.toUpperCase())).toBeUndefined();
    });

    it('deletes keys recorded before a time, only with the prefixes asked for, at most `limit` at once', async () => {
      const prefix = `retention-${randomUUID()}:`;
      const keep = `kept-${randomUUID()}:old`;
      const record = (key: string, minute: number) =>
        inTx(uow(), (r) => r.processed.insert({ key, outcome: {}, createdAt: at(minute) }));
      for (const n of [1, 2, 3]) await record(`${prefix}old-${n}`, n);
      await record(`${prefix}recent`, 20);
      await record(keep, 1);
      const purge = (limit: number) =>
        inTx(uow(), (r) => r.processed.deleteRecordedBefore(at(10), [prefix, 'unused:'], limit));
      expect(await purge(2)).toBe(2);
      expect(await purge(2)).toBe(1);
      expect(await purge(2)).toBe(0);
      for (const n of [1, 2, 3]) expect(await uow().read.processed.get(`${prefix}old-${n}`)).toBeUndefined();
      expect(await uow().read.processed.get(`${prefix}recent`)).toBeDefined();
      expect(await uow().read.processed.get(keep)).toBeDefined();
      expect(await inTx(uow(), (r) => r.processed.deleteRecordedBefore(at(30), [], 10))).toBe(0);
      expect(
        await inTx(uow(), (r) =>
          r.processed.insert({ key: `${prefix}old-1`, outcome: {}, createdAt: at(40) }),
        ),
      ).toBe(true);
    });
  });
}
