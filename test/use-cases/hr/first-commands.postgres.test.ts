import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../../db/client.js';
import { createUnitOfWork } from '../../../db/unit-of-work.js';
import type { Repositories, UnitOfWork } from '../../../src/ports/repositories.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { createTestCore } from '../../support/core-deps.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const COMMANDS = 10;

/** Holds every caller until `count` of them have arrived, then lets all go (later callers pass at once). */
function barrier(count: number) {
  let arrived = 0;
  let release: () => void = () => {};
  const open = new Promise<void>((resolve) => {
    release = resolve;
  });
  return async () => {
    arrived += 1;
    if (arrived >= count) release();
    await open;
  };
}

/**
 * Each transaction's first look for the workspace's organisation waits until every transaction has looked:
 * all of them see a workspace Triad does not know yet, as when the first commands arrive together.
 */
function togetherAfterFirstLook(uow: UnitOfWork, count: number): UnitOfWork {
  const allLooked = barrier(count);
  return {
    read: uow.read,
    transaction: (work) =>
      uow.transaction((repos) => {
        let looked = false;
        const organisations: Repositories['organisations'] = {
          ...repos.organisations,
          async findByTenant(platform, tenantId) {
            const found = await repos.organisations.findByTenant(platform, tenantId);
            if (!looked) {
              looked = true;
              await allLooked();
            }
            return found;
          },
        };
        return work({ ...repos, organisations });
      }),
  };
}

describe('the first commands of a new workspace, at the same time, on PostgreSQL', () => {
  let testDatabase: TestDatabase;
  let database: ReturnType<typeof createDatabase>;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = createDatabase(testDatabase.url, { max: COMMANDS + 2 });
  });
  afterAll(async () => {
    await database.close();
    await testDatabase.drop();
  });

  it('starts every engagement, in one organisation, with each person stored once', async () => {
    const uow = togetherAfterFirstLook(createUnitOfWork(database.db), COMMANDS);
    const core = createTestCore({ uow });
    const actor = { platform: 'slack' as const, tenantId: 'TNEW', platformUserId: 'UHR' };
    core.directory.add({ platformUserId: 'UHR', displayName: 'Harper' });
    core.directory.add({ platformUserId: 'USPONSOR', displayName: 'Sam' });
    core.directory.add({ platformUserId: 'UCOACH', displayName: 'Kim' });
    const clients = Array.from({ length: COMMANDS }, (_, i) => `UCLIENT${i}`);
    for (const id of clients) core.directory.add({ platformUserId: id, displayName: `Client ${id}` });

    const results = await Promise.allSettled(
      clients.map((clientUserId) =>
        startEngagement({ actor, clientUserId, sponsorUserId: 'USPONSOR', coachUserIds: ['UCOACH'] }, core),
      ),
    );

    expect(
      results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason),
    ).toEqual([]);
    const [organisations] = await Promise.all([
      testDatabase.sql`select id from organisations where platform_tenant_id = 'TNEW'`,
    ]);
    expect(organisations).toHaveLength(1);
    const organisationId = organisations[0]?.id as string;
    const engagements = await core.uow.read.engagements.listByOrganisation(organisationId);
    expect(engagements).toHaveLength(COMMANDS);
    const people =
      await testDatabase.sql`select platform_user_id from people where organisation_id = ${organisationId}`;
    expect(people.map((p) => p.platform_user_id).sort()).toEqual(
      ['UCOACH', 'UHR', 'USPONSOR', ...clients].sort(),
    );
  });
});
