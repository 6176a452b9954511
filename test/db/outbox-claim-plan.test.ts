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

beforeAll(async () => {
  database = await createTestDatabase();
  client = postgres(database.url, { max: 1, onnotice: () => {} });
  // Engagement ids without their rows: the foreign key is not what this test is about.
  await database.sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`
      insert into outbox (id, engagement_id, destination, readers, idempotency_key, ciphertext, key_id, status,
        attempts, available_at, created_at, updated_at)
      select gen_random_uuid(), e.id,
        jsonb_build_object('kind', 'space', 'engagementId', e.id, 'space', (array['client_dm', 'coaching', 'sponsor'])[1 + n % 3]),
        '{}', 'plan:' || n, '\\x00', 'k1', 'pending', 0, now() - interval '1 minute', now(), now()
      from generate_series(1, ${PENDING}) as n
      join (select g, gen_random_uuid() as id from generate_series(0, ${PENDING / 3 - 1}) as g) e on e.g = n / 3`;
  });
  await database.sql`analyze outbox`;
}, 60_000);

afterAll(async () => {
  await client?.end({ timeout: 1 });
  await database?.drop();
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
async function plan(mode: 'auto' | 'force_generic_plan' | 'force_custom_plan') {
  const claim = await claimStatement();
  // The claim's instant (a marker) made now.
  const now = new Date().toISOString();
  const params = claim.params.map((p) => (p === new Date(0).toISOString() ? now : p));
  let explained: unknown;
  await client
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
