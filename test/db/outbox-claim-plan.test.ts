import { randomUUID } from 'node:crypto';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxClaims } from '../../db/repositories/outbox-claims.repository.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The claim's plan on a backlog: 12,000 pending, untried entries to 4,000 engagements' spaces (a Monday morning
 * in one workspace). The look for an earlier untried entry of the same space (the order of a space's messages)
 * must be an index lookup (outbox_space_order), not a scan of the whole outbox per claim, whatever plan the
 * server caches for the prepared statement.
 */
const PENDING = 12_000;

let database: TestDatabase;
let client: postgres.Sql;
let stale: TestDatabase;
let staleClient: postgres.Sql;

/** `count` pending, untried entries to the spaces of count / 3 engagements, due a minute ago. */
async function seedBacklog(target: TestDatabase, count: number) {
  // Engagement ids without their rows: the foreign key is not what this test is about.
  await target.sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`
      insert into outbox (id, engagement_id, destination, readers, idempotency_key, ciphertext, key_id, status,
        attempts, available_at, created_at, updated_at)
      select gen_random_uuid(), e.id,
        jsonb_build_object('kind', 'space', 'engagementId', e.id, 'space', (array['client_dm', 'coaching', 'sponsor'])[1 + n % 3]),
        '{}', 'plan:' || n, '\\x00', 'k1', 'pending', 0, now() - interval '1 minute', now(), now()
      from generate_series(1, ${count}) as n
      join (select g, gen_random_uuid() as id from generate_series(0, ${count / 3 - 1}) as g) e on e.g = n / 3`;
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  client = postgres(database.url, { max: 1, onnotice: () => {} });
  await seedBacklog(database, PENDING);
  await database.sql`analyze outbox`;
  // A Monday as the server sees it: the outbox analysed while (nearly) empty, then thousands written before the
  // next analyse.
  stale = await createTestDatabase();
  staleClient = postgres(stale.url, { max: 1, onnotice: () => {} });
  await stale.sql`analyze outbox`;
  await seedBacklog(stale, 3_000);
}, 60_000);

afterAll(async () => {
  await client?.end({ timeout: 1 });
  await staleClient?.end({ timeout: 1 });
  await database?.drop();
  await stale?.drop();
});

/** The claim statement as the repository sends it, with its parameters. */
async function claimStatement() {
  const captured: { query: string; params: unknown[] }[] = [];
  const db = drizzle(client, { logger: { logQuery: (query, params) => captured.push({ query, params }) } });
  // Limit 0 returns before any statement; a claim at an instant before every entry claims nothing.
  await outboxClaims(db).claimDue(new Date(0), 200, new Date(30_000), randomUUID());
  const claim = captured.find((s) => s.query.startsWith('with "slotted"'));
  if (!claim) throw new Error('no claim statement');
  return claim;
}

/** EXPLAIN ANALYZE of the claim at `now` in a transaction rolled back (it claims). */
async function plan(mode: 'auto' | 'force_generic_plan' | 'force_custom_plan', on = client) {
  const claim = await claimStatement();
  // The claim's instant (a marker) made now.
  const now = new Date().toISOString();
  const params = claim.params.map((p) => (p === new Date(0).toISOString() ? now : p));
  let explained: unknown;
  await on
    .begin(async (tx) => {
      await tx.unsafe(`set local plan_cache_mode = ${mode}`);
      const [row] = await tx.unsafe(`explain (analyze, format json) ${claim.query}`, params as never[]);
      explained = (row as Record<string, unknown>)['QUERY PLAN'];
      throw new Error('rollback');
    })
    .catch((error: Error) => {
      if (error.message !== 'rollback') throw error;
    });
  return JSON.stringify(explained);
}

describe('the claim on a backlog of 12,000 pending entries', () => {
  it.each(['force_custom_plan', 'force_generic_plan'] as const)(
    'looks up earlier entries of a space in outbox_space_order, never scanning the outbox (%s)',
    { timeout: 60_000 },
    async (mode) => {
      const text = await plan(mode);
      expect(text).toContain('outbox_space_order');
      expect(text).toContain('outbox_unslotted');
      expect(text).not.toMatch(/"Node Type":"Seq Scan"/);
      expect(text).not.toContain('Materialize');
    },
  );
});

describe('the claim on a backlog its statistics do not know of yet (analysed empty, 3,000 written since)', () => {
  it('still looks up each candidate’s earlier entries by its engagement and space, not the whole backlog', {
    timeout: 60_000,
  }, async () => {
    const explained = JSON.parse(await plan('force_custom_plan', staleClient)) as unknown[];
    const lookups: { cond?: string; loops: number; rows: number }[] = [];
    const walk = (node: Record<string, unknown>) => {
      if (node['Index Name'] === 'outbox_space_order') {
        lookups.push({
          cond: node['Index Cond'] as string | undefined,
          loops: node['Actual Loops'] as number,
          rows: node['Actual Rows'] as number,
        });
      }
      for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
    };
    walk((explained[0] as { Plan: Record<string, unknown> }).Plan);
    expect(lookups.length).toBeGreaterThan(0);
    for (const lookup of lookups) {
      expect(lookup.cond).toContain('engagement_id');
      // Each probe finds at most the two entries written before it to the same space, never the backlog.
      expect(lookup.rows).toBeLessThanOrEqual(3);
    }
  });
});

describe('the claim as the repository sends it', () => {
  it('is an unnamed statement, planned for its own parameters each time: no plan is cached for it', {
    timeout: 60_000,
  }, async () => {
    const db = drizzle(staleClient);
    // More claims than the server's five custom plans before it would consider a cached generic one.
    for (let claim = 0; claim < 8; claim += 1) {
      await outboxClaims(db).claimDue(new Date(0), 200, new Date(30_000), randomUUID());
    }
    const prepared = await staleClient.unsafe(
      `select name from pg_prepared_statements where statement like '%"slotted"%'`,
    );
    expect(prepared).toHaveLength(0);
  });
});
