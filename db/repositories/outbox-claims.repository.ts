import { and, asc, eq, getTableColumns, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import type { OutboxEntry } from '../../src/engagement/records.js';
import { personOf } from '../../src/outbox/space-order.js';
import type { ClaimedDelivery, DeliveryRecord, OutboxRepository } from '../../src/ports/repositories.js';
import type { TriadDatabase } from '../client.js';
import { engagements, organisations, outbox, people, spaces } from '../schema/index.js';
import { amongIds, bytesAsBase64, isUuid } from './support.js';

const { seq: _seq, claimToken: _claimToken, pacedAt: _pacedAt, ...entryColumns } = getTableColumns(outbox);

/** Of `ids`, the entries still pending and still carrying the claim `token`. */
const stillClaimed = (ids: readonly string[], token: string) =>
  and(amongIds(outbox.id, ids), eq(outbox.status, 'pending'), eq(outbox.claimToken, token));

/** No batch is trying the entry at `at`: never claimed, its outcome written, or its claim's lease run out. */
export const notUnderLiveClaim = (at: Date) => or(isNull(outbox.claimToken), lte(outbox.availableAt, at));

/** The batch side of the outbox: claiming due entries for a delivery worker and recording their outcomes. */
export function outboxClaims(
  db: TriadDatabase,
): Pick<OutboxRepository, 'claimDue' | 'confirmClaims' | 'heldClaims' | 'recordOutcomes'> {
  return {
    async claimDue(now, limit, leaseUntil, token) {
      if (limit <= 0) return [];
      const candidate = alias(outbox, 'candidate');
      const earlier = alias(outbox, 'earlier');
      // Literals, not parameters, so that the planner matches the partial indexes (0022) in a generic plan too.
      const field = (column: AnyPgColumn, name: 'kind' | 'space') =>
        sql`(${column}->>${sql.raw(`'${name}'`)})`;
      const pending = (status: AnyPgColumn) => sql`${status} = 'pending'`;
      // An untried, due entry written before it to the same space goes first (the order of a space's messages):
      // looked up in outbox_space_order.
      const waitsForEarlier = db
        .select({ one: sql`1` })
        .from(earlier)
        .where(
          and(
            sql`${field(candidate.destination, 'kind')} = 'space'`,
            eq(earlier.engagementId, candidate.engagementId),
            sql`${field(earlier.destination, 'space')} = ${field(candidate.destination, 'space')}`,
            lt(earlier.seq, candidate.seq),
            pending(earlier.status),
            sql`${earlier.attempts} = 0`,
            isNull(earlier.lastErrorCode),
            sql`${field(earlier.destination, 'kind')} = 'space'`,
            lte(earlier.availableAt, now),
          ),
        );
      // `offset 0` keeps the look a subplan run per candidate (an index probe by its engagement and space): without
      // it the planner may turn it into a join and, on statistics that predate a Monday's backlog, walk the whole
      // backlog for every candidate.
      const noEarlierWaiting = sql`not exists (${waitsForEarlier} offset 0)`;
      // Entries due at the send slot they hold first (outbox_slotted), then the others, each oldest first. CTEs,
      // evaluated once: as `id IN (subquery)` the planner may run the locking subquery again and claim more.
      const due = (name: string, slotted: boolean) =>
        db.$with(name).as(
          db
            .select({ id: candidate.id, reservedAt: sql`${candidate.pacedAt}`.as('reserved_at') })
            .from(candidate)
            .where(
              and(
                pending(candidate.status),
                slotted ? isNotNull(candidate.pacedAt) : isNull(candidate.pacedAt),
                lte(candidate.availableAt, now),
                noEarlierWaiting,
              ),
            )
            .orderBy(asc(candidate.availableAt), asc(candidate.seq))
            .limit(limit)
            .for('update', { skipLocked: true }),
        );
      const slotted = due('slotted', true);
      const unslotted = due('unslotted', false);
      // Planned for each claim, never from a plan cached for a prepared statement: an outbox that was near empty
      // when the server last analysed it (every day but Monday) would get a cached plan of sequential scans and
      // nested loops over the whole table, kept until the next analyse while a backlog of thousands is claimed.
      // drizzle sends every statement unnamed (postgres.js `prepare: false`): the server parses and plans it for
      // its parameters each time (test/db/outbox-claim-plan.test.ts), so it needs no transaction of its own
      // with `plan_cache_mode` set: that was three more statements for every claim, most of them idle polls.
      const claimed = await db
        .with(slotted, unslotted)
        .update(outbox)
        .set({
          attempts: sql`${outbox.attempts} + 1`,
          availableAt: leaseUntil,
          claimToken: token,
          pacedAt: null,
          updatedAt: now,
        })
        .from(
          sql`(select id, reserved_at from slotted union all select id, reserved_at from unslotted limit ${limit}) as claimable`,
        )
        // The CTEs locked the rows they chose (re-checked if they changed meanwhile): the id is enough. As an array
        // too, so that the planner looks each up by its key instead of hashing every due row.
        .where(
          and(
            sql`${outbox.id} = claimable.id`,
            sql`${outbox.id} = any(array(select id from slotted union all select id from unslotted))`,
          ),
        )
        .returning({
          ...entryColumns,
          ciphertext: bytesAsBase64(outbox.ciphertext),
          seq: outbox.seq,
          reservedAt: sql`claimable.reserved_at`.mapWith(outbox.pacedAt),
        });
      claimed.sort((a, b) => a.seq - b.seq);
      const context = await withContext(
        db,
        claimed.map(({ seq: _s, reservedAt: _r, ...entry }) => entry),
      );
      return context.map((item, index) => ({ ...item, reservedAt: claimed[index]?.reservedAt ?? undefined }));
    },
    async confirmClaims(ids, token, leaseUntil) {
      if (ids.length === 0 || !isUuid(token)) return [];
      const confirmed = await db
        .update(outbox)
        .set({ availableAt: leaseUntil })
        .where(stillClaimed(ids, token))
        .returning({ id: outbox.id });
      return confirmed.map((row) => row.id);
    },
    async heldClaims(ids, token) {
      if (ids.length === 0 || !isUuid(token)) return [];
      const held = await db.select({ id: outbox.id }).from(outbox).where(stillClaimed(ids, token));
      return held.map((row) => row.id);
    },
    async recordOutcomes(outcomes, token) {
      if (outcomes.length === 0 || !isUuid(token)) return 0;
      // Every outcome in ONE json parameter, not seven parameters per entry built and bound one by one.
      const rows = JSON.stringify(outcomes.map(outcomeRow));
      const written = await db
        .update(outbox)
        .set({
          status: sql`v.status`,
          attempts: sql`coalesce(v.attempts, ${outbox.attempts})`,
          availableAt: sql`coalesce(v.available_at, ${outbox.availableAt})`,
          lastErrorCode: sql`v.code`,
          platformMessageId: sql`case when v.status = 'sent' then v.message_id else ${outbox.platformMessageId} end`,
          sentAt: sql`case when v.status = 'sent' then v.at else ${outbox.sentAt} end`,
          claimToken: null,
          pacedAt: sql`v.paced_at`,
          updatedAt: sql`v.at`,
        })
        .from(
          sql`jsonb_to_recordset(${rows}::jsonb) as v(id uuid, status text, attempts integer, available_at timestamptz, code text, message_id text, at timestamptz, paced_at timestamptz)`,
        )
        .where(and(sql`${outbox.id} = v.id`, eq(outbox.status, 'pending'), eq(outbox.claimToken, token)))
        .returning({ id: outbox.id });
      return written.length;
    },
  };
}

/** One outcome as a row of `jsonb_to_recordset`: nulls where the outcome leaves the entry's value as it is. */
function outcomeRow(outcome: DeliveryRecord) {
  const at = outcome.at.toISOString();
  if (outcome.status === 'sent') {
    return { id: outcome.id, status: 'sent', message_id: outcome.platformMessageId, at };
  }
  return {
    id: outcome.id,
    status: outcome.status,
    attempts: outcome.attempts,
    available_at: outcome.availableAt.toISOString(),
    code: outcome.lastErrorCode,
    at,
    paced_at: outcome.status === 'pending' ? (outcome.pacedAt?.toISOString() ?? null) : null,
  };
}

/** The space rows, engagements and tenants of claimed entries: one statement (two when some go to a person). */
async function withContext(
  db: TriadDatabase,
  entries: OutboxEntry[],
): Promise<Omit<ClaimedDelivery, 'reservedAt'>[]> {
  const spaceIds = [...new Set(entries.flatMap((entry) => (entry.spaceId ? [entry.spaceId] : [])))];
  const personIds = [...new Set(entries.flatMap((entry) => personOf(entry) ?? []))];
  const bound =
    spaceIds.length === 0
      ? []
      : await db
          .select({
            space: spaces,
            engagement: engagements,
            platform: organisations.platform,
            tenant: organisations.platformTenantId,
          })
          .from(spaces)
          .innerJoin(engagements, eq(spaces.engagementId, engagements.id))
          .innerJoin(organisations, eq(engagements.organisationId, organisations.id))
          .where(amongIds(spaces.id, spaceIds));
  const direct =
    personIds.length === 0
      ? []
      : await db
          .select({
            personId: people.id,
            platform: organisations.platform,
            tenant: organisations.platformTenantId,
          })
          .from(people)
          .innerJoin(organisations, eq(people.organisationId, organisations.id))
          .where(amongIds(people.id, personIds));
  const bySpace = new Map(bound.map((row) => [row.space.id, row]));
  const byPerson = new Map(direct.map((row) => [row.personId, row]));
  return entries.map((entry) => {
    const row = entry.spaceId ? bySpace.get(entry.spaceId) : undefined;
    const person = personOf(entry);
    const tenantRow = row ?? (person ? byPerson.get(person) : undefined);
    return {
      entry,
      space: row?.space,
      engagement: row?.engagement,
      tenant: tenantRow ? { platform: tenantRow.platform, id: tenantRow.tenant } : undefined,
    };
  });
}
