import { and, asc, eq, notInArray } from 'drizzle-orm';
import type { AuditEntry } from '../../src/engagement/records.js';
import type { AuditRepository } from '../../src/ports/repositories.js';
import type { TriadDatabase } from '../client.js';
import { auditLog } from '../schema/index.js';
import { insertJsonRows } from './json-rows.js';
import { isUuid } from './support.js';

export function auditRepository(db: TriadDatabase): AuditRepository {
  return {
    async insert(entry) {
      await db.insert(auditLog).values(entry);
    },
    async insertMany(entries) {
      await insertJsonRows(db, auditLog, entries, {});
    },
    async listByEngagement(engagementId) {
      if (!isUuid(engagementId)) return [];
      const rows = await db
        .select()
        .from(auditLog)
        .where(eq(auditLog.engagementId, engagementId))
        .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
      return rows as AuditEntry[];
    },
    async deleteByEngagement(engagementId, keep) {
      if (!isUuid(engagementId)) return 0;
      const rows = await db
        .delete(auditLog)
        .where(
          and(
            eq(auditLog.engagementId, engagementId),
            keep.length > 0 ? notInArray(auditLog.action, [...keep]) : undefined,
          ),
        )
        .returning({ id: auditLog.id });
      return rows.length;
    },
  };
}
