import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../../db/client.js';
import { createUnitOfWork } from '../../../db/unit-of-work.js';
import { draftGoal } from '../../../src/use-cases/goals/draft-goal.js';
import { editGoal } from '../../../src/use-cases/goals/edit-goal.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { answerPrompt } from '../../../src/use-cases/reflections/answer-prompt.js';
import { shareAnswerWithCoach } from '../../../src/use-cases/reflections/share-answer-with-coach.js';
import { skipPrompt } from '../../../src/use-cases/reflections/skip-prompt.js';
import { snoozePrompt } from '../../../src/use-cases/reflections/snooze-prompt.js';
import { cancelRelease } from '../../../src/use-cases/releases/cancel-release.js';
import { confirmRelease } from '../../../src/use-cases/releases/confirm-release.js';
import { previewRelease } from '../../../src/use-cases/releases/preview-release.js';
import { withdrawRelease } from '../../../src/use-cases/releases/withdraw-release.js';
import { purgeExpiredEngagements } from '../../../src/use-cases/retention/purge-expired-engagements.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import {
  actorOf,
  actors,
  firstPromptDue,
  type TriadFixture,
  triadIn,
  week,
} from '../client/triad-fixture.js';

/**
 * Done-when of issue 12: after the retention purge of an engagement, a scan of every table finds no row from
 * which its private activity (what, when, how often) can be read — on real PostgreSQL, with a second
 * engagement of another client left intact.
 */
const CANARY = 'CANARY-purge-scan-4e2b';
const purgeAfter = new Date('2027-06-01T00:00:00Z');
const afterRetention = new Date('2027-06-02T00:00:00Z');
/** Rows that may still name the purged engagement: lifecycle facts, nothing the client did privately. */
const LIFECYCLE_TABLES = new Set(['engagements', 'spaces', 'meetings', 'audit_log']);

let testDatabase: TestDatabase;
let database: ReturnType<typeof createDatabase>;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = createDatabase(testDatabase.url, { max: 5 });
});
afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
});

/** Every row of every table of the schema, as JSON text. */
async function everyRow(): Promise<{ table: string; json: string }[]> {
  const tables = await testDatabase.sql<{ name: string }[]>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`;
  const rows: { table: string; json: string }[] = [];
  for (const { name } of tables) {
    const found = await testDatabase.sql.unsafe<{ json: string }[]>(
      `select row_to_json(t)::text as json from "${name}" t`,
    );
    for (const row of found) rows.push({ table: name, json: row.json });
  }
  return rows;
}

/** Ids of everything private the engagement holds (prompts, entries, releases, consents, outbox rows). */
async function privateIds(fixture: TriadFixture): Promise<string[]> {
  const read = fixture.core.uow.read;
  const e = fixture.engagementId;
  return [
    ...(await read.prompts.listByEngagement(e)).map((r) => r.id),
    ...(await read.entries.listByEngagement(e)).map((r) => r.id),
    ...(await read.releases.listByEngagement(e)).map((r) => r.id),
    ...(await read.consents.listByEngagement(e)).map((r) => r.id),
    ...(await read.outbox.listByEngagement(e)).map((r) => r.id),
  ];
}

/**
 * What a row tells about the purged engagement's private activity: a private id, the private text, a
 * handled-request key of its actions, or a row naming the engagement outside the lifecycle tables, or a
 * lifecycle-table audit entry of a private action.
 */
function findings(rows: { table: string; json: string }[], engagementId: string, ids: readonly string[]) {
  const found: string[] = [];
  for (const { table, json } of rows) {
    if (json.includes(CANARY)) found.push(`${table}: private text`);
    const id = ids.find((i) => json.includes(i));
    if (id) found.push(`${table}: private id`);
    if (!json.includes(engagementId)) continue;
    if (!LIFECYCLE_TABLES.has(table)) found.push(`${table}: names the engagement`);
    if (table === 'audit_log') {
      const action = (JSON.parse(json) as { action: string }).action;
      if (!/^(engagement_(started|paused|resumed|ended|purged)|coach_(selected|reassigned))$/.test(action)) {
        found.push(`audit_log: ${action}`);
      }
    }
  }
  return found;
}

async function privateActivity(triad: TriadFixture) {
  const core = triad.core;
  const first = await triad.issue();
  await answerPrompt({ actor: actors.client, promptId: first, text: `${CANARY} first answer` }, core);
  await answerPrompt({ actor: actors.client, promptId: first, text: `${CANARY} edited answer` }, core);
  await shareAnswerWithCoach({ actor: actors.client, promptId: first }, core);
  core.clock.set(new Date(firstPromptDue.getTime() + week));
  const second = await triad.issue(new Date(firstPromptDue.getTime() + week));
  await snoozePrompt({ actor: actors.client, promptId: second }, core);
  core.clock.set(new Date(firstPromptDue.getTime() + 2 * week));
  const third = await triad.issue(new Date(firstPromptDue.getTime() + 2 * week));
  await skipPrompt({ actor: actors.client, promptId: third }, core);
  const { entryId } = await draftGoal(
    { actor: actors.client, goal: `${CANARY} goal`, successMeasure: 'm', requestKey: 'draft-click-1' },
    core,
  );
  await editGoal({ actor: actors.client, entryId, goal: `${CANARY} goal v2`, successMeasure: 'm' }, core);
  const cancelled = await previewRelease({ actor: actors.client, entryId }, core);
  await cancelRelease({ actor: actors.client, releaseId: cancelled.releaseId }, core);
  const released = await previewRelease({ actor: actors.client, entryId }, core);
  await confirmRelease({ actor: actors.client, releaseId: released.releaseId }, core);
  await withdrawRelease({ actor: actors.client, releaseId: released.releaseId }, core);
  const again = await previewRelease({ actor: actors.client, entryId }, core);
  await confirmRelease({ actor: actors.client, releaseId: again.releaseId }, core);
  await previewRelease({ actor: actors.client, entryId }, core);
}

describe('retention purge, scanned on PostgreSQL', () => {
  it('leaves no row from which the purged engagement’s private activity can be read, and the other intact', async () => {
    const uow = createUnitOfWork(database.db);
    const triad = await triadIn('coaching', { uow });
    await privateActivity(triad);
    // A second engagement, of another client, with its own private activity: it must survive untouched.
    for (const id of ['UCLIENT2', 'USPONSOR2', 'UCOACH3']) triad.core.directory.add({ platformUserId: id });
    const other = await startEngagement(
      { actor: actors.hr, clientUserId: 'UCLIENT2', sponsorUserId: 'USPONSOR2', coachUserIds: ['UCOACH3'] },
      triad.core,
    );
    await draftGoal({ actor: actorOf('UCLIENT2'), goal: 'other goal', successMeasure: 'x' }, triad.core);
    const otherRowsBefore = (await everyRow()).filter((r) => r.json.includes(other.engagementId));

    const ids = await privateIds(triad);
    const before = findings(await everyRow(), triad.engagementId, ids);
    // The scan can fail: before the purge it finds the private activity in every table that holds some.
    for (const table of ['private_entries', 'reflection_prompts', 'releases', 'consents', 'outbox']) {
      expect(before.some((f) => f.startsWith(`${table}:`))).toBe(true);
    }
    expect(before).toContain('processed_requests: private id');
    expect(before.some((f) => /^audit_log: (reflection_|goal_|release_|outbound_gate)/.test(f))).toBe(true);

    await triad.setStage('closed', { closedAt: triad.core.clock.now(), purgeAfter });
    triad.core.clock.set(afterRetention);
    expect(await purgeExpiredEngagements({ now: afterRetention }, triad.core)).toEqual({
      purged: [triad.engagementId],
      failed: [],
    });

    const after = await everyRow();
    expect(findings(after, triad.engagementId, ids)).toEqual([]);
    const otherRowsAfter = after.filter((r) => r.json.includes(other.engagementId));
    expect(otherRowsAfter.map((r) => r.json).sort()).toEqual(otherRowsBefore.map((r) => r.json).sort());
  });
});
