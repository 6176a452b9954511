import { and, asc, eq, getTableColumns, isNull, lt, lte, sql } from 'drizzle-orm';
import { spaceOf } from '../../src/outbox/space-order.js';
import type { OutboxRepository } from '../../src/ports/repositories.js';
import type { TriadDatabase } from '../client.js';
import { outbox } from '../schema/index.js';
import { insertJsonRows } from './json-rows.js';
import { notUnderLiveClaim, outboxClaims } from './outbox-claims.repository.js';
import { amongIds, isUuid, requireUpdated, withoutId } from './support.js';

/**
 * Every column but `seq`, which orders a space's deliveries inside the store, and `claimToken` and `pacedAt`, the
 * batch claim holding it and the send slot it holds (`outbox-claims.repository.ts`): none is part of an entry.
 */
const { seq: _seq, claimToken: _claimToken, pacedAt: _pacedAt, ...entryColumns } = getTableColumns(outbox);

export function outboxRepository(db: TriadDatabase): OutboxRepository {
  return {
    ...outboxClaims(db),
    async get(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.select(entryColumns).from(outbox).where(eq(outbox.id, id));
      return row;
    },
    async insert(entry) {
      const [inserted] = await db
        .insert(outbox)
        .values(entry)
        .onConflictDoNothing({ target: outbox.idempotencyKey })
        .returning(entryColumns);
      if (inserted) return inserted;
      const [existing] = await db
        .select(entryColumns)
        .from(outbox)
        .where(eq(outbox.idempotencyKey, entry.idempotencyKey));
      if (!existing) throw new Error('outbox entry vanished between insert and select');
      return existing;
    },
    async insertMany(entries) {
      return insertJsonRows(db, outbox, entries, {
        conflictTarget: [outbox.idempotencyKey],
        returning: outbox.id,
      });
    },
    async update(entry) {
      const rows = await db
        .update(outbox)
        .set(withoutId(entry))
        .where(eq(outbox.id, entry.id))
        .returning({ id: outbox.id });
      requireUpdated(rows);
    },
    async startAttempt(id, at) {
      if (!isUuid(id)) return undefined;
      const [row] = await db
        .update(outbox)
        .set({ attempts: sql`${outbox.attempts} + 1`, updatedAt: at })
        .where(and(eq(outbox.id, id), eq(outbox.status, 'pending')))
        .returning(entryColumns);
      return row;
    },
    async cancelUntried(id, code, at) {
      if (!isUuid(id)) return false;
      const rows = await db
        .update(outbox)
        .set({ status: 'cancelled', lastErrorCode: code, updatedAt: at })
        .where(and(eq(outbox.id, id), eq(outbox.status, 'pending'), eq(outbox.attempts, 0)))
        .returning({ id: outbox.id });
      return rows.length > 0;
    },
    async releaseHeld(ids, at) {
      if (ids.length === 0) return [];
      const released = await db
        .update(outbox)
        .set({ availableAt: at, lastErrorCode: null, updatedAt: at })
        .where(and(amongIds(outbox.id, ids), eq(outbox.status, 'pending'), notUnderLiveClaim(at)))
        .returning({ id: outbox.id });
      return released.map((row) => row.id);
    },
    async markSent(id, platformMessageId, at) {
      if (!isUuid(id)) return false;
      const rows = await db
        .update(outbox)
        .set({ status: 'sent', platformMessageId, sentAt: at, lastErrorCode: null, updatedAt: at })
        .where(eq(outbox.id, id))
        .returning({ id: outbox.id });
      return rows.length > 0;
    },
    listDue: (now, limit) =>
      db
        .select(entryColumns)
        .from(outbox)
        .where(and(eq(outbox.status, 'pending'), lte(outbox.availableAt, now)))
        .orderBy(asc(outbox.availableAt), asc(outbox.seq))
        .limit(limit),
    async hasEarlierUntried(entry, now) {
      const space = spaceOf(entry);
      if (!space || !isUuid(entry.id)) return false;
      const [row] = await db
        .select({ id: outbox.id })
        .from(outbox)
        .where(
          and(
            eq(outbox.engagementId, space.engagementId),
            eq(outbox.status, 'pending'),
            eq(outbox.attempts, 0),
            isNull(outbox.lastErrorCode),
            lt(outbox.seq, sql`(select o.seq from outbox o where o.id = ${entry.id})`),
            lte(outbox.availableAt, now),
            sql`${outbox.destination}->>'kind' = 'space'`,
            sql`${outbox.destination}->>'space' = ${space.space}`,
          ),
        )
        .limit(1);
      return row !== undefined;
    },
    async listByEngagement(engagementId) {
      if (!isUuid(engagementId)) return [];
      return db
        .select(entryColumns)
        .from(outbox)
        .where(eq(outbox.engagementId, engagementId))
        .orderBy(asc(outbox.createdAt), asc(outbox.seq));
    },
    listFailed: (limit) =>
      db
        .select(entryColumns)
        .from(outbox)
        .where(eq(outbox.status, 'failed'))
        .orderBy(asc(outbox.updatedAt), asc(outbox.id))
        .limit(limit),
    /**
     * Empties the payload of every entry that will not be sent any more (sent, cancelled, refused, failed):
     * a refused or failed message may carry private text too. Pending ones are left to deliver.
     */
    async deleteByEngagement(engagementId) {
      if (!isUuid(engagementId)) return 0;
      const rows = await db
        .delete(outbox)
        .where(eq(outbox.engagementId, engagementId))
        .returning({ id: outbox.id });
      return rows.length;
    },
  };
}
