import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Migration 0002_private_readers on data written before it: the readers it backfills must never give a coach
 * what the client did not share with that coach.
 */
const statements = (tag: string) =>
  readFileSync(new URL(`../../db/migrations/${tag}.sql`, import.meta.url), 'utf8')
    .split('--> statement-breakpoint')
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);

let database: TestDatabase | undefined;
afterAll(() => database?.drop());

describe('migration 0002_private_readers', () => {
  it('backfills readers with the client only, binds entries to their space and cancels those meant for an earlier coach', async () => {
    database = await createTestDatabase();
    const sql = database.sql;
    await sql.unsafe('drop schema public cascade; create schema public;');
    for (const statement of [...statements('0000_initial'), ...statements('0001_outbox_order')])
      await sql.unsafe(statement);

    const [org, client, sponsor, kim, lee, hr] = [1, 2, 3, 4, 5, 6].map(() => randomUUID()) as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const engagement = randomUUID();
    const space = { dm: randomUUID(), coaching: randomUUID(), sponsor: randomUUID() };
    const at = (hour: number) => new Date(Date.UTC(2026, 10, 2, hour)).toISOString();
    await sql`insert into organisations (id, platform, platform_tenant_id, name) values (${org}, 'slack', 'T1', 'Org')`;
    for (const [id, name] of [
      [client, 'client'],
      [sponsor, 'sponsor'],
      [kim, 'kim'],
      [lee, 'lee'],
      [hr, 'hr'],
    ] as const) {
      await sql`insert into people (id, organisation_id, platform_user_id, display_name, time_zone)
        values (${id}, ${org}, ${name}, ${name}, 'Europe/London')`;
    }
    await sql`insert into engagements (id, organisation_id, client_id, sponsor_id, coach_id, coach_shortlist,
        started_by_id, stage, weeks, cadence, prompt_weekday, prompt_time, time_zone, started_at, updated_at)
      values (${engagement}, ${org}, ${client}, ${sponsor}, ${lee}, ${[kim, lee]}::uuid[], ${hr}, 'coaching', 12,
        'weekly', 1, '09:30', 'Europe/London', ${at(0)}, ${at(0)})`;
    for (const [kind, id] of Object.entries({
      client_dm: space.dm,
      coaching: space.coaching,
      sponsor: space.sponsor,
    }))
      await sql`insert into spaces (id, engagement_id, kind, platform) values (${id}, ${engagement}, ${kind}, 'slack')`;
    const entries = { shared: randomUUID(), mine: randomUUID() };
    for (const [id, sharedAt] of [
      [entries.shared, at(2)],
      [entries.mine, null],
    ] as const) {
      await sql`insert into private_entries (id, engagement_id, author_id, kind, subject_id, ciphertext, key_id,
          shared_with_coach_at, created_at, updated_at)
        values (${id}, ${engagement}, ${client}, 'reflection_answer', ${randomUUID()}, '\\x00', 'k1', ${sharedAt},
          ${at(1)}, ${at(1)})`;
    }
    await sql`insert into audit_log (engagement_id, actor_id, action, outcome, created_at)
      values (${engagement}, ${hr}, 'coach_reassigned', 'done', ${at(5)})`;
    const outbox = {
      forKim: randomUUID(),
      forLee: randomUUID(),
      sponsorSent: randomUUID(),
      toHr: randomUUID(),
      toDm: randomUUID(),
    };
    const row = async (id: string, destination: object, status: string, hour: number) => {
      await sql`insert into outbox (id, engagement_id, destination, idempotency_key, ciphertext, key_id, status,
          available_at, created_at, updated_at)
        values (${id}, ${engagement}, ${sql.json(destination as never)}, ${id}, '\\x00', 'k1', ${status},
          ${at(hour)}, ${at(hour)}, ${at(hour)})`;
    };
    const to = (kind: string) => ({ kind: 'space', engagementId: engagement, space: kind });
    await row(outbox.forKim, to('coaching'), 'failed', 3);
    await row(outbox.forLee, to('coaching'), 'pending', 7);
    await row(outbox.sponsorSent, to('sponsor'), 'sent', 3);
    await row(outbox.toHr, { kind: 'hr', personId: hr, engagementId: engagement }, 'failed', 3);
    await row(outbox.toDm, to('client_dm'), 'pending', 3);

    for (const statement of statements('0002_private_readers')) await sql.unsafe(statement);

    const readers = await sql`select id, readers from private_entries order by id`;
    expect(Object.fromEntries(readers.map((r) => [r.id, r.readers]))).toEqual({
      [entries.shared]: [client],
      [entries.mine]: [client],
    });
    const spaces = await sql`select id, coach_id, retired_at from spaces`;
    expect(Object.fromEntries(spaces.map((s) => [s.id, [s.coach_id, s.retired_at]]))).toEqual({
      [space.dm]: [null, null],
      [space.sponsor]: [null, null],
      [space.coaching]: [lee, null],
    });
    const rows = await sql`select id, status, last_error_code, space_id, readers from outbox`;
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[outbox.forKim]).toMatchObject({ status: 'cancelled', last_error_code: 'coach_changed' });
    expect(byId[outbox.forLee]).toMatchObject({
      status: 'pending',
      space_id: space.coaching,
      readers: [client, lee],
    });
    expect(byId[outbox.sponsorSent]).toMatchObject({
      space_id: space.sponsor,
      readers: [sponsor, client, lee],
    });
    expect(byId[outbox.toHr]).toMatchObject({ status: 'failed', space_id: null, readers: [hr] });
    expect(byId[outbox.toDm]).toMatchObject({ space_id: space.dm, readers: [client] });
  });
});
