import { asc, eq } from 'drizzle-orm';
import type { ConsentRepository } from '../../src/ports/repositories.js';
import type { TriadDatabase } from '../client.js';
import { consents } from '../schema/index.js';
import { isUuid, requireUpdated, withoutId } from './support.js';

export function consentRepository(db: TriadDatabase): ConsentRepository {
  return {
    async get(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.select().from(consents).where(eq(consents.id, id));
      return row;
    },
    async listByEngagement(engagementId) {
      if (!isUuid(engagementId)) return [];
      return db
        .select()
        .from(consents)
        .where(eq(consents.engagementId, engagementId))
        .orderBy(asc(consents.grantedAt), asc(consents.id));
    },
    async insert(consent) {
      await db.insert(consents).values(consent);
    },
    async update(consent) {
      const rows = await db
        .update(consents)
        .set(withoutId(consent))
        .where(eq(consents.id, consent.id))
        .returning({ id: consents.id });
      requireUpdated(rows);
    },
    async deleteByEngagement(engagementId) {
      if (!isUuid(engagementId)) return 0;
      const rows = await db
        .delete(consents)
        .where(eq(consents.engagementId, engagementId))
        .returning({ id: consents.id });
      return rows.length;
    },
  };
}
