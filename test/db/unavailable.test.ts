import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../db/client.js';
import { createPgliteDatabase } from '../../db/pglite.js';
import { createUnitOfWork } from '../../db/unit-of-work.js';
import { UnavailableError } from '../../src/errors.js';
import { requireHrRights } from '../../src/use-cases/actor.js';
import { pauseEngagement } from '../../src/use-cases/hr/pause-engagement.js';
import { createTestCore } from '../support/core-deps.js';
import { freePort } from '../support/services/service-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { outboxEntry, seedTriad } from './contract/fixtures.js';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

let shared: TestDatabase | undefined;
async function database(): Promise<TestDatabase> {
  if (!shared) {
    shared = await createTestDatabase();
    cleanups.push(() => shared?.drop() ?? Promise.resolve());
  }
  return shared;
}

async function pooled(url: string) {
  const handle = createDatabase(url, { max: 2 });
  cleanups.push(() => handle.close());
  return { handle, uow: createUnitOfWork(handle.db) };
}

const unavailable = expect.objectContaining({
  code: 'unavailable',
  message: 'Nothing was saved: Triad could not reach its database. Please try again in a minute.',
});

describe('when the database cannot be reached', () => {
  it('a transaction and a read fail as "unavailable" on a port nothing listens on', async () => {
    const port = await freePort();
    const { uow } = await pooled(`postgres://triad@127.0.0.1:${port}/triad`);
    const work = uow.transaction((repos) => repos.outbox.insert(outboxEntry(null)));
    await expect(work).rejects.toBeInstanceOf(UnavailableError);
    await expect(work).rejects.toEqual(unavailable);
    await expect(uow.read.engagements.listActive()).rejects.toBeInstanceOf(UnavailableError);
  });

  it('a use case that reads outside a transaction and one that writes both surface UnavailableError, never the driver error', async () => {
    const port = await freePort();
    const { uow } = await pooled(`postgres://triad@127.0.0.1:${port}/triad`);
    const core = createTestCore({ uow });
    const hr = { platform: 'slack', tenantId: 'T1', platformUserId: 'UHR' } as const;
    const outcomes = await Promise.allSettled([
      requireHrRights(core, hr, 'list_engagements'),
      pauseEngagement({ actor: hr, engagement: { kind: 'id', id: '1a2b3c4d' } }, core),
    ]);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      const error = (outcome as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(UnavailableError);
      expect(error).toEqual(unavailable);
      // The driver's error stays only as the cause, for the log; no adapter has to recognise it.
      expect(error.cause).toBeInstanceOf(Error);
    }
  });

  it('a connection cut in the middle of a transaction saves nothing, and the next try works', async () => {
    const db = await database();
    const { uow } = await pooled(db.url);
    const { engagement: e } = await seedTriad(uow);
    const message = outboxEntry(e.id, { status: 'pending' });
    const cut = uow.transaction(async (repos) => {
      await repos.engagements.update({ ...e, stage: 'closing', version: 2 });
      await repos.outbox.insert(message);
      const killed = await db.sql`
        select pg_terminate_backend(pid) as done from pg_stat_activity
        where datname = current_database() and state like 'idle in transaction%'`;
      expect(killed).toEqual([{ done: true }]);
      await repos.audit.insert({
        engagementId: e.id,
        actorId: null,
        action: 'closing',
        outcome: 'done',
        details: {},
        createdAt: new Date(),
      });
    });
    await expect(cut).rejects.toBeInstanceOf(UnavailableError);
    const [stored] = await db.sql`select stage, version from engagements where id = ${e.id}`;
    expect(stored).toEqual({ stage: e.stage, version: 1 });
    expect(await db.sql`select id from outbox where engagement_id = ${e.id}`).toEqual([]);

    await uow.transaction(async (repos) => {
      await repos.engagements.update({ ...e, stage: 'closing', version: 2 });
      await repos.outbox.insert(message);
    });
    expect((await uow.read.outbox.get(message.id))?.idempotencyKey).toBe(message.idempotencyKey);
  });

  it('a connection cut while a statement waits for a lock saves nothing, and the other transaction commits', async () => {
    const db = await database();
    const { uow } = await pooled(db.url);
    const { engagement: e } = await seedTriad(uow);
    let release = () => {};
    const holding = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const lockTaken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = uow.transaction(async (repos) => {
      await repos.engagements.getForUpdate(e.id);
      locked();
      await holding;
      await repos.engagements.update({ ...e, weeks: 20, version: 2 });
    });
    await lockTaken;
    const waiter = uow.transaction(async (repos) => {
      await repos.outbox.insert(outboxEntry(e.id));
      await repos.engagements.getForUpdate(e.id);
    });
    const waiting = async () =>
      db.sql`select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
    let blocked = await waiting();
    while (blocked.length === 0) blocked = await waiting();
    await db.sql`select pg_terminate_backend(${blocked[0]?.pid ?? 0}::int)`;
    await expect(waiter).rejects.toBeInstanceOf(UnavailableError);
    release();
    await holder;
    expect((await uow.read.engagements.get(e.id))?.weeks).toBe(20);
    expect(await uow.read.outbox.listByEngagement(e.id)).toEqual([]);
  });

  it('a closed client answers "unavailable"', async () => {
    const db = await database();
    const { handle, uow } = await pooled(db.url);
    await handle.close();
    await expect(uow.transaction((repos) => repos.outbox.insert(outboxEntry(null)))).rejects.toBeInstanceOf(
      UnavailableError,
    );
    await expect(uow.read.outbox.listDue(new Date(), 10)).rejects.toBeInstanceOf(UnavailableError);
  });

  it('a closed PGlite answers "unavailable"', { timeout: 90_000 }, async () => {
    const pglite = await createPgliteDatabase();
    const uow = createUnitOfWork(pglite.db);
    await pglite.close();
    await expect(uow.transaction((repos) => repos.outbox.insert(outboxEntry(null)))).rejects.toBeInstanceOf(
      UnavailableError,
    );
    await expect(uow.read.processed.get('k')).rejects.toBeInstanceOf(UnavailableError);
  });

  it('constraint violations stay what they are', async () => {
    const db = await database();
    const { uow } = await pooled(db.url);
    const triad = await seedTriad(uow);
    const again = uow.transaction((repos) =>
      repos.engagements.insert({ ...triad.engagement, id: crypto.randomUUID() }),
    );
    await expect(again).rejects.not.toBeInstanceOf(UnavailableError);
    await expect(again).rejects.toMatchObject({ cause: expect.objectContaining({ code: '23505' }) });
  });
});
