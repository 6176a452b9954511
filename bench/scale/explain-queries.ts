/**
 * `npx tsx bench/scale/explain-queries.ts [--engagements N] [--history W]` — the plans and costs of the periodic
 * whole-table queries on the scale seed: the horizon tick's (`listEnteringHorizon`, every ten minutes) and the
 * presence backfill's (`listClientsUnknown`, every five minutes while clients are unknown), as
 * `EXPLAIN (ANALYZE, BUFFERS)` reports them. `--history W` also gives every engagement W past weekly prompts
 * (the newest open with its nudge due, one in three of the others snoozed then answered), as running engagements
 * accumulate them; the scale seed alone has only the due group's last one.
 */
import { parseArgs } from 'node:util';
import { drizzle } from 'drizzle-orm/postgres-js';
import { DateTime } from 'luxon';
import postgres from 'postgres';
import type { TriadDatabase } from '../../db/client.js';
import { listEnteringHorizon } from '../../db/repositories/horizon-entries.js';
import { presenceRecordRepository } from '../../db/repositories/presence-record.repository.js';
import { planningHorizon } from '../../src/scheduling/planned-jobs.js';
import { progress } from '../lib/report.js';
import { startBenchServices } from '../lib/services.js';
import { seedScale, setDueSlot } from './seed-scale.js';

const { values } = parseArgs({
  options: {
    engagements: { type: 'string', default: '100000' },
    history: { type: 'string', default: '0' },
    'first-monday': { type: 'boolean', default: false },
  },
});
const engagements = Number(values.engagements);
const history = Number(values.history);
const services = await startBenchServices();
const sql = postgres(services.databaseUrl, { max: 1, onnotice: () => {} });
try {
  const seed = {
    databaseUrl: services.databaseUrl,
    engagements,
    due: Math.round(engagements * 0.4),
    workspaces: Math.max(1, Math.round(engagements / 200)),
    dueZone: 'Europe/Berlin',
    otherZones: [
      'Europe/London',
      'America/New_York',
      'Asia/Kolkata',
      'Australia/Sydney',
      'America/Los_Angeles',
    ],
    meetings: 'all' as const,
    startedAt: DateTime.utc().minus({ weeks: 3, hours: 1 }).toJSDate(),
    presenceStored: !values['first-monday'],
  };
  progress(`seeding ${engagements} engagements, ${history} weeks of prompt history`);
  await seedScale(seed);
  await setDueSlot(services.databaseUrl, seed, DateTime.utc().plus({ days: 2 }).startOf('minute'));
  if (history > 0) {
    await sql.unsafe(`
      insert into reflection_prompts (id, engagement_id, question_id, category, cycle, status, sent_at, snoozed_until,
        nudge_due_at, nudged_at, expires_at)
      select bench_uuid('hp' || g || '-' || k), bench_uuid('e' || g), 'st-01', 'starting', 'H-' || k,
        case when k = 1 then 'sent' else 'answered' end,
        now() - k * interval '7 days',
        case when k > 1 and g % 3 = 0 then now() - k * interval '7 days' + interval '1 day' end,
        now() - k * interval '7 days' + interval '2 days',
        case when k > 1 then now() - k * interval '7 days' + interval '2 days' end,
        now() - (k - 1) * interval '7 days'
      from generate_series(0, ${engagements - 1}) g, generate_series(1, ${history}) k
      on conflict do nothing`);
    await sql.unsafe('analyze reflection_prompts');
  }
  const [counted] = await sql<{ count: string }[]>`select count(*) from reflection_prompts`;
  progress(`reflection_prompts: ${counted?.count} rows`);

  const explained = async (name: string, run: (db: TriadDatabase) => Promise<unknown>) => {
    let captured: { query: string; params: unknown[] } | undefined;
    const db: TriadDatabase = drizzle(sql, {
      logger: { logQuery: (query, params) => (captured = { query, params }) },
    });
    await run(db);
    if (!captured) throw new Error('no statement captured');
    const plan = await sql.unsafe(
      `explain (analyze, buffers) ${captured.query}`,
      captured.params as postgres.ParameterOrJSON<never>[],
    );
    console.log(`\n${name}\n${plan.map((row) => row['QUERY PLAN']).join('\n')}`);
  };
  const now = Date.now();
  const to = new Date(now + planningHorizon.horizonMs);
  const window = { from: new Date(to.getTime() - planningHorizon.tickMs), to };
  for (let i = 0; i < 2; i++) {
    await explained(`horizon tick (run ${i + 1})`, (db) => listEnteringHorizon(db, window, undefined, 250));
  }
  await explained('presence backfill: first page', (db) =>
    presenceRecordRepository(db).listClientsUnknown(['slack'], undefined, 500),
  );
} finally {
  await sql.end({ timeout: 5 });
  await services.stop();
}
