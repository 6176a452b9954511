import { asc, eq } from 'drizzle-orm';
import type { ReleaseRepository } from '../../src/ports/repositories.js';
import type { TriadDatabase } from '../client.js';
import { releases } from '../schema/index.js';
import { isUuid, requireUpdated, withoutId } from './support.js';

export function releaseRepository(db: TriadDatabase): ReleaseRepository {
  return {
    async get(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.select().from(releases).where(eq(releases.id, id));
      return row;
    },
    async listByEngagement(engagementId) {
      if (!isUuid(engagementId)) return [];
      return db
        .select()
        .from(releases)
        .where(eq(releases.engagementId, engagementId))
        .orderBy(asc(releases.previewedAt), asc(releases.id));
    },
    async insert(release) {
      await db.insert(releases).values(release);
    },
    async update(release) {
      const rows = await db
        .update(releases)
        .set(withoutId(release))
        .where(eq(releases.id, release.id))
        .returning({ id: releases.id });
      requireUpdated(rows);
    },
    /** Counts only the snapshots that still held text. */
    async deleteByEngagement(engagementId) {
      if (!isUuid(engagementId)) return 0;
      const rows = await db
        .delete(releases)
        .where(eq(releases.engagementId, engagementId))
        .returning({ id: releases.id });
      return rows.length;
    },
  };
}
