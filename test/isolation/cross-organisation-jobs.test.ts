import { describe, expect, it } from 'vitest';
import type { JobContext, JobDeps } from '../../jobs/job-definition.js';
import { jobDefinitions } from '../../jobs/registry.js';
import { meeting, prompt, seedTriad } from '../db/contract/fixtures.js';
import { createTestCore } from '../support/core-deps.js';
import { createInMemoryUnitOfWork, type InMemoryUnitOfWork } from '../support/in-memory-store/index.js';

/** Jobs whose data name rows of one engagement (the others take no ids: sweeps, purges, digests). */
const engagementJobs = jobDefinitions.filter((d) => d.schema.safeParse({}).success === false);

async function seed(uow: InMemoryUnitOfWork) {
  const triad = await seedTriad(uow, { stage: 'coaching', closedAt: null, purgeAfter: null, purgedAt: null });
  const id = triad.engagement.id;
  const due = new Date(Date.now() - 60_000);
  const rows = {
    session: meeting(id, { kind: 'session', coachId: triad.coach.id, status: 'scheduled', startsAt: due }),
    closing: meeting(id, { kind: 'closing', status: 'scheduled', startsAt: due }),
    prompt: prompt(id, { nudgeDueAt: due }),
  };
  await uow.transaction(async (repos) => {
    await repos.meetings.insert(rows.session);
    await repos.meetings.insert(rows.closing);
    await repos.prompts.insert(rows.prompt);
  });
  return { triad, rows };
}

/** Rows that are not organisation A's, audit and request claims aside. */
function rowsBesidesA(uow: InMemoryUnitOfWork, organisationId: string, engagementId: string) {
  return uow
    .dumpRows()
    .filter(({ table }) => table !== 'audit' && table !== 'processed')
    .filter(
      ({ row }) =>
        ![row.id, row.organisationId, row.engagementId].some(
          (v) => v === organisationId || v === engagementId,
        ),
    )
    .map(({ table, row }) => JSON.stringify([table, row]))
    .sort();
}

/**
 * Job data carry ids Triad itself put there (never a person's input). This replays A's job data with B's
 * engagement id swapped in: handlers load the row their id names and act with that row's own engagement, so
 * nothing of B changes. (Only `session-check-in` also checks that the ids belong together; the others ignore
 * the engagement id beside the row id, and `closing-week` acts on the engagement id alone.)
 */
describe('a job of organisation A, replayed with organisation B’s engagement id, reaches nothing of B', () => {
  it('every engagement-bound job acts on the rows its ids name, never on B’s', async () => {
    const uow = createInMemoryUnitOfWork();
    const a = await seed(uow);
    const b = await seed(uow);
    const deps: JobDeps = { ...createTestCore({ uow }), messengers: {} };
    const context = { job: {}, token: undefined, deps, queues: {} } as unknown as JobContext;
    const before = rowsBesidesA(uow, a.triad.organisation.id, a.triad.engagement.id);
    const startsAt = new Date().toISOString();
    const mixed = [
      { engagementId: b.triad.engagement.id, promptId: a.rows.prompt.id },
      {
        engagementId: b.triad.engagement.id,
        meetingId: a.rows.session.id,
        startsAt,
        reminder: 'session-24h',
      },
      { engagementId: b.triad.engagement.id, meetingId: a.rows.closing.id, startsAt },
    ];
    let ran = 0;
    for (const definition of engagementJobs) {
      for (const raw of mixed) {
        const data = definition.schema.safeParse(raw);
        if (!data.success) continue;
        ran += 1;
        await definition.handle(data.data, context).catch(() => undefined);
      }
    }
    expect(ran).toBeGreaterThanOrEqual(engagementJobs.length - 2);
    expect(rowsBesidesA(uow, a.triad.organisation.id, a.triad.engagement.id)).toEqual(before);
  });
});
