import { describe, expect, it } from 'vitest';
import { createInMemoryUnitOfWork } from '../support/in-memory-store/index.js';
import { entry, expectDatabaseError, outboxEntry, seedTriad } from './contract/fixtures.js';

describe('the in-memory store', () => {
  it('copies records in and out: changing an object afterwards changes nothing stored', async () => {
    const uow = createInMemoryUnitOfWork();
    const { engagement: e, client } = await seedTriad(uow);
    const written = entry(e.id, client.id);
    const original = Buffer.from(written.ciphertext);
    await uow.transaction((r) => r.entries.insert(written));
    written.ciphertext.fill(0);
    written.createdAt.setTime(0);
    const read = await uow.read.entries.get(written.id);
    if (!read) throw new Error('missing');
    expect(read.ciphertext.equals(original)).toBe(true);
    read.ciphertext.fill(1);
    read.updatedAt.setTime(0);
    const again = await uow.read.entries.get(written.id);
    expect(again?.ciphertext.equals(original)).toBe(true);
    expect(again?.updatedAt.getTime()).not.toBe(0);
  });

  it('stores uuids and jsonb as Postgres would: lower-cased ids, JSON values', async () => {
    const uow = createInMemoryUnitOfWork();
    const { engagement: e } = await seedTriad(uow);
    const message = outboxEntry(e.id.toUpperCase(), {
      destination: { when: new Date('2026-01-02T03:04:05Z'), gone: undefined },
    });
    const stored = await uow.transaction((r) => r.outbox.insert(message));
    expect(stored.engagementId).toBe(e.id);
    expect(stored.destination).toEqual({ when: '2026-01-02T03:04:05.000Z' });
    await expectDatabaseError(
      uow.transaction((r) => r.outbox.insert(outboxEntry('not-a-uuid'))),
      '22P02',
    );
  });

  it('runs transactions one at a time, so read-modify-write never loses an update', async () => {
    const uow = createInMemoryUnitOfWork();
    const { engagement: e } = await seedTriad(uow);
    const bump = () =>
      uow.transaction(async (r) => {
        const current = await r.engagements.get(e.id);
        if (!current) throw new Error('missing');
        await new Promise((resolve) => setImmediate(resolve));
        await r.engagements.update({ ...current, weeks: current.weeks + 1, version: current.version + 1 });
      });
    await Promise.all(Array.from({ length: 10 }, bump));
    expect((await uow.read.engagements.get(e.id))?.version).toBe(11);
  });

  it('refuses what would wait for itself forever, and repositories used after their transaction', async () => {
    const uow = createInMemoryUnitOfWork();
    const { engagement: e } = await seedTriad(uow);
    await expect(uow.transaction(() => uow.transaction(async () => 1))).rejects.toThrow(
      /inside a transaction/,
    );
    await expect(uow.transaction(() => uow.read.outbox.insert(outboxEntry(e.id)))).rejects.toThrow(
      /uow\.read/,
    );
    const leaked = await uow.transaction(async (r) => r);
    await expect(leaked.engagements.get(e.id)).rejects.toThrow(/transaction has ended/);
    expect(await uow.read.outbox.listByEngagement(e.id)).toEqual([]);
  });

  it('dumps every committed row of every table, and nothing uncommitted', async () => {
    const uow = createInMemoryUnitOfWork();
    const { engagement: e } = await seedTriad(uow);
    await uow
      .transaction(async (r) => {
        await r.outbox.insert(outboxEntry(e.id, { idempotencyKey: 'rolled-back' }));
        throw new Error('no');
      })
      .catch(() => undefined);
    await uow.transaction((r) => r.processed.insert({ key: 'k', outcome: { ok: 1 }, createdAt: new Date() }));
    const rows = uow.dumpRows();
    const count = (table: string) => rows.filter((row) => row.table === table).length;
    expect({
      organisations: count('organisations'),
      people: count('people'),
      engagements: count('engagements'),
      outbox: count('outbox'),
      processed: count('processed'),
    }).toEqual({ organisations: 1, people: 4, engagements: 1, outbox: 0, processed: 1 });
    expect(rows.find((row) => row.table === 'engagements')?.row).toEqual(e);
  });
});
