import { and, asc, eq, gt, isNull, lte, notInArray, or, type SQL } from 'drizzle-orm';
import type { Engagement } from '../../src/engagement/records.js';
import type { EngagementRepository } from '../../src/ports/repositories.js';
import type { TriadDatabase } from '../client.js';
import { engagements } from '../schema/index.js';
import { isUuid, requireCurrentVersion, withoutId } from './support.js';

const active = notInArray(engagements.stage, ['closed', 'cancelled']);

export function engagementRepository(db: TriadDatabase): EngagementRepository {
  const list = (where: SQL | undefined): Promise<Engagement[]> =>
    db.select().from(engagements).where(where).orderBy(asc(engagements.startedAt), asc(engagements.id));
  return {
    async get(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.select().from(engagements).where(eq(engagements.id, id));
      return row;
    },
    async getForUpdate(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.select().from(engagements).where(eq(engagements.id, id)).for('update');
      return row;
    },
    async findActiveByClient(clientId) {
      if (!isUuid(clientId)) return undefined;
      const [row] = await db
        .select()
        .from(engagements)
        .where(and(eq(engagements.clientId, clientId), active));
      return row;
    },
    async listByOrganisation(organisationId) {
      return isUuid(organisationId) ? list(eq(engagements.organisationId, organisationId)) : [];
    },
    /** As client, sponsor or (chosen) coach. */
    async listForPerson(personId) {
      if (!isUuid(personId)) return [];
      return list(
        or(
          eq(engagements.clientId, personId),
          eq(engagements.sponsorId, personId),
          eq(engagements.coachId, personId),
        ),
      );
    },
    listActive: () => list(active),
    async listActiveIds(afterId, limit) {
      if (afterId !== undefined && !isUuid(afterId)) return [];
      const rows = await db
        .select({ id: engagements.id })
        .from(engagements)
        .where(afterId === undefined ? active : and(active, gt(engagements.id, afterId)))
        .orderBy(asc(engagements.id))
        .limit(limit);
      return rows.map((row) => row.id);
    },
    listPurgeDue: (now) =>
      db
        .select()
        .from(engagements)
        .where(and(lte(engagements.purgeAfter, now), isNull(engagements.purgedAt)))
        .orderBy(asc(engagements.purgeAfter), asc(engagements.id)),
    async insert(engagement) {
      await db.insert(engagements).values(engagement);
    },
    async update(engagement) {
      const rows = await db
        .update(engagements)
        .set(withoutId(engagement))
        .where(and(eq(engagements.id, engagement.id), eq(engagements.version, engagement.version - 1)))
        .returning({ id: engagements.id });
      requireCurrentVersion(rows);
    },
  };
}
