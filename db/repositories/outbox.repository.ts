import { and, asc, eq, lte, ne, sql } from 'drizzle-orm';
import type { OutboxRepository } from '../../src/ports/repositories.js';
import type { TriadDatabase } from '../client.js';
import { outbox } from '../schema/index.js';
import { isUuid, requireUpdated, withoutId } from './support.js';

export function outboxRepository(db: TriadDatabase): OutboxRepository {
  return {
    async get(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
      return row;
    },
    async insert(entry) {
      const [inserted] = await db
        .insert(outbox)
        .values(entry)
        .onConflictDoNothing({ target: outbox.idempotencyKey })
        .returning();
      if (inserted) return inserted;
      const [existing] = await db
        .select()
        .from(outbox)
        .where(eq(outbox.idempotencyKey, entry.idempotencyKey));
      if (!existing) throw new Error('outbox entry vanished between insert and select');
      return existing;
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
        .returning();
      return row;
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
        .select()
        .from(outbox)
        .where(and(eq(outbox.status, 'pending'), lte(outbox.availableAt, now)))
        .orderBy(asc(outbox.availableAt), asc(outbox.createdAt), asc(outbox.id))
        .limit(limit),
    async listByEngagement(engagementId) {
      if (!isUuid(engagementId)) return [];
      return db
        .select()
        .from(outbox)
        .where(eq(outbox.engagementId, engagementId))
        .orderBy(asc(outbox.createdAt), asc(outbox.id));
    },
    listFailed: (limit) =>
      db
        .select()
        .from(outbox)
        .where(eq(outbox.status, 'failed'))
        .orderBy(asc(outbox.updatedAt), asc(outbox.id))
        .limit(limit),
    /**
     * Empties the payload of every entry that will not be sent any more (sent, cancelled, refused, failed):
     * a refused or failed message may carry private text too. Pending ones are left to deliver.
     */
    async purgePayloads(engagementId, emptyCiphertext) {
      if (!isUuid(engagementId)) return 0;
      const rows = await db
        .update(outbox)
        .set({ ciphertext: emptyCiphertext })
        .where(
          and(
            eq(outbox.engagementId, engagementId),
            ne(outbox.status, 'pending'),
            ne(outbox.ciphertext, emptyCiphertext),
          ),
        )
        .returning({ id: outbox.id });
      return rows.length;
    },
  };
}
