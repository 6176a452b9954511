import { and, asc, eq } from 'drizzle-orm';
import type { PrivateEntryRepository } from '../../src/ports/repositories.js';
import type { TriadDatabase } from '../client.js';
import { privateEntries as entries } from '../schema/index.js';
import { isUuid, requireCurrentVersion, withoutId } from './support.js';

export function privateEntryRepository(db: TriadDatabase): PrivateEntryRepository {
  return {
    async get(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.select().from(entries).where(eq(entries.id, id));
      return row;
    },
    async findBySubject(engagementId, kind, subjectId) {
      if (!isUuid(engagementId) || !isUuid(subjectId)) return undefined;
      const [row] = await db
        .select()
        .from(entries)
        .where(
          and(
            eq(entries.engagementId, engagementId),
            eq(entries.kind, kind),
            eq(entries.subjectId, subjectId),
          ),
        )
        .orderBy(asc(entries.createdAt), asc(entries.id))
        .limit(1);
      return row;
    },
    async listByEngagement(engagementId, kind) {
      if (!isUuid(engagementId)) return [];
      const ofEngagement = eq(entries.engagementId, engagementId);
      return db
        .select()
        .from(entries)
        .where(kind === undefined ? ofEngagement : and(ofEngagement, eq(entries.kind, kind)))
        .orderBy(asc(entries.createdAt), asc(entries.id));
    },
    async listByAuthor(authorId, kind) {
      if (!isUuid(authorId)) return [];
      return db
        .select()
        .from(entries)
        .where(and(eq(entries.authorId, authorId), eq(entries.kind, kind)))
        .orderBy(asc(entries.createdAt), asc(entries.id));
    },
    async insert(entry) {
      await db.insert(entries).values(entry);
    },
    async update(entry) {
      const rows = await db
        .update(entries)
        .set(withoutId(entry))
        .where(and(eq(entries.id, entry.id), eq(entries.version, entry.version - 1)))
        .returning({ id: entries.id });
      requireCurrentVersion(rows);
    },
    async deleteByEngagement(engagementId) {
      if (!isUuid(engagementId)) return 0;
      const rows = await db
        .delete(entries)
        .where(eq(entries.engagementId, engagementId))
        .returning({ id: entries.id });
      return rows.length;
    },
  };
}
