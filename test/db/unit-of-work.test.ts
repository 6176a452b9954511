import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, type TriadDatabase } from '../../db/client.js';
import { createUnitOfWork } from '../../db/unit-of-work.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { seedTriad } from './contract/fixtures.js';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function postgresUow(): Promise<{ db: TestDatabase; uow: ReturnType<typeof createUnitOfWork> }> {
  const db = await createTestDatabase();
  cleanups.push(() => db.drop());
  const handle = createDatabase(db.url, { max: 4 });
  cleanups.push(() => handle.close());
  return { db, uow: createUnitOfWork(handle.db) };
}

/** Resolves once `count` parties have arrived. */
function barrier(count: number) {
  let arrived = 0;
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return async () => {
    arrived += 1;
    if (arrived === count) open();
    await opened;
  };
}

describe('transactions on PostgreSQL', () => {
  it('run again after a deadlock, so both sides of it succeed', async () => {
    const { uow } = await postgresUow();
    const [a, b] = [await seedTriad(uow), await seedTriad(uow)];
    const bothLocked = barrier(2);
    const runs: string[] = [];
    const crossLock = (name: string, first: string, second: string) => {
      let attempt = 0;
      return uow.transaction(async (repos) => {
        attempt += 1;
        runs.push(`${name}${attempt}`);
        const mine = await repos.engagements.getForUpdate(first);
        if (attempt === 1) await bothLocked();
        const theirs = await repos.engagements.getForUpdate(second);
        if (!mine || !theirs) throw new Error('missing');
        await repos.engagements.update({ ...mine, weeks: mine.weeks + 1, version: mine.version + 1 });
        await repos.engagements.update({ ...theirs, weeks: theirs.weeks + 1, version: theirs.version + 1 });
      });
    };
    await Promise.all([
      crossLock('a', a.engagement.id, b.engagement.id),
      crossLock('b', b.engagement.id, a.engagement.id),
    ]);
    // One side was chosen as the deadlock's victim and ran again; under load its retry can meet the other side
    // once more, so more than one retry is allowed (three at most per side).
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.some((run) => run.endsWith('2'))).toBe(true);
    for (const { engagement } of [a, b]) {
      const stored = await uow.read.engagements.get(engagement.id);
      expect({ weeks: stored?.weeks, version: stored?.version }).toEqual({
        weeks: engagement.weeks + 2,
        version: 3,
      });
    }
  });

  it('give up after three retries and pass the failure on', async () => {
    let calls = 0;
    const serializationFailure = Object.assign(new Error('could not serialize access'), { code: '40001' });
    const failing = {
      transaction: async () => {
        calls += 1;
        throw serializationFailure;
      },
    } as unknown as TriadDatabase;
    await expect(createUnitOfWork(failing).transaction(async () => 'never')).rejects.toBe(
      serializationFailure,
    );
    expect(calls).toBe(4);
  });

  it('refuse a transaction’s repositories once it is over', async () => {
    const { uow } = await postgresUow();
    const { engagement: e } = await seedTriad(uow);
    const leaked = await uow.transaction(async (repos) => repos);
    await expect(leaked.engagements.get(e.id)).rejects.toThrow('This transaction has ended');
  });
});
