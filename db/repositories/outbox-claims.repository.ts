import {
  and,
  asc,
  eq,
  getTableColumns,
  inArray,
  isNull,
  lt,
  lte,
  notExists,
  type SQL,
  sql,
} from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import type { OutboxEntry } from '../../src/engagement/records.js';
import { personOf } from '../../src/outbox/space-order.js';
import type { ClaimedDelivery, DeliveryRecord, OutboxRepository } from '../../src/ports/repositories.js';
import type { TriadDatabase } from '../client.js';
import { engagements, organisations, outbox, people, spaces } from '../schema/index.js';
import { isUuid } from './support.js';

const { seq: _seq, claimToken: _claimToken, ...entryColumns } = getTableColumns(outbox);

/** The batch side of the outbox: claiming due entries for a delivery worker and recording their outcomes. */
export function outboxClaims(
  db: TriadDatabase,
): Pick<OutboxRepository, 'claimDue' | 'confirmClaims' | 'recordOutcomes'> {
  return {
    async claimDue(now, limit, leaseUntil, token) {
      if (limit <= 0) return [];
      const candidate = alias(outbox, 'candidate');
      const earlier = alias(outbox, 'earlier');
      const spaceOf = (column: AnyPgColumn, field: string) => sql`${column}->>${field}`;
      // An untried, due entry written before it to the same space goes first (the order of a space's messages).
      const waitsForEarlier = db
        .select({ one: sql`1` })
        .from(earlier)
        .where(
          and(
            sql`${spaceOf(candidate.destination, 'kind')} = 'space'`,
            eq(earlier.engagementId, candidate.engagementId),
            eq(earlier.status, 'pending'),
            eq(earlier.attempts, 0),
            isNull(earlier.lastErrorCode),
            lt(earlier.seq, candidate.seq),
            lte(earlier.availableAt, now),
            sql`${spaceOf(earlier.destination, 'kind')} = 'space'`,
            sql`${spaceOf(earlier.destination, 'space')} = ${spaceOf(candidate.destination, 'space')}`,
          ),
        );
      // A CTE, evaluated once: as `id IN (subquery)` the planner may run the locking subquery again and claim more.
      const claimable = db.$with('claimable').as(
        db
          .select({ id: candidate.id })
          .from(candidate)
          .where(
            and(eq(candidate.status, 'pending'), lte(candidate.availableAt, now), notExists(waitsForEarlier)),
          )
          .orderBy(asc(candidate.availableAt), asc(candidate.seq))
          .limit(limit)
          .for('update', { skipLocked: true }),
      );
      const claimed = await db
        .with(claimable)
        .update(outbox)
        .set({
          attempts: sql`${outbox.attempts} + 1`,
          availableAt: leaseUntil,
          claimToken: token,
          updatedAt: now,
        })
        .from(claimable)
        .where(and(eq(outbox.id, claimable.id), eq(outbox.status, 'pending'), lte(outbox.availableAt, now)))
        .returning({ ...entryColumns, seq: outbox.seq });
      claimed.sort((a, b) => a.seq - b.seq);
      return withContext(
        db,
        claimed.map(({ seq: _s, ...entry }) => entry),
      );
    },
    async confirmClaims(ids, token, leaseUntil) {
      if (ids.length === 0 || !isUuid(token)) return [];
      const confirmed = await db
        .update(outbox)
        .set({ availableAt: leaseUntil })
        .where(and(inArray(outbox.id, [...ids]), eq(outbox.status, 'pending'), eq(outbox.claimToken, token)))
        .returning({ id: outbox.id });
      return confirmed.map((row) => row.id);
    },
    async recordOutcomes(outcomes, token) {
      if (outcomes.length === 0 || !isUuid(token)) return 0;
      const rows = sql.join(outcomes.map(valuesRow), sql`, `);
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
          updatedAt: sql`v.at`,
        })
        .from(sql`(values ${rows}) as v(id, status, attempts, available_at, code, message_id, at)`)
        .where(and(sql`${outbox.id} = v.id`, eq(outbox.status, 'pending'), eq(outbox.claimToken, token)))
        .returning({ id: outbox.id });
      return written.length;
    },
  };
}

function valuesRow(outcome: DeliveryRecord): SQL {
  const at = outcome.at.toISOString();
  if (outcome.status === 'sent') {
    return sql`(${outcome.id}::uuid, 'sent'::text, null::integer, null::timestamptz, null::text, ${outcome.platformMessageId}::text, ${at}::timestamptz)`;
  }
  const availableAt = outcome.availableAt.toISOString();
  return sql`(${outcome.id}::uuid, ${outcome.status}::text, ${outcome.attempts}::integer, ${availableAt}::timestamptz, ${outcome.lastErrorCode}::text, null::text, ${at}::timestamptz)`;
}

/** The space rows, engagements and tenants of claimed entries: one statement (two when some go to a person). */
async function withContext(db: TriadDatabase, entries: OutboxEntry[]): Promise<ClaimedDelivery[]> {
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
          .where(inArray(spaces.id, spaceIds));
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
          .where(inArray(people.id, personIds));
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
