import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { SpaceRepository } from '../../src/ports/repositories.js';
import type { TriadDatabase } from '../client.js';
import { spaces } from '../schema/index.js';
import { amongIds, isUuid, requireUpdated } from './support.js';

export function spaceRepository(db: TriadDatabase): SpaceRepository {
  return {
    async find(engagementId, kind) {
      if (!isUuid(engagementId)) return undefined;
      const [row] = await db
        .select()
        .from(spaces)
        .where(and(eq(spaces.engagementId, engagementId), eq(spaces.kind, kind), isNull(spaces.retiredAt)));
      return row;
    },
    async findLive(engagementIds, kind) {
      const wanted = engagementIds.filter(isUuid);
      if (wanted.length === 0) return [];
      return db
        .select()
        .from(spaces)
        .where(and(amongIds(spaces.engagementId, wanted), eq(spaces.kind, kind), isNull(spaces.retiredAt)));
    },
    async get(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.select().from(spaces).where(eq(spaces.id, id));
      return row;
    },
    async listByEngagement(engagementId) {
      if (!isUuid(engagementId)) return [];
      return db
        .select()
        .from(spaces)
        .where(eq(spaces.engagementId, engagementId))
        .orderBy(asc(spaces.createdAt), asc(spaces.id));
    },
    async findByAddress(platform, address) {
      if (address === null || address === undefined) return undefined;
      const [row] = await db
        .select()
        .from(spaces)
        .where(and(eq(spaces.platform, platform), sql`${spaces.address} = ${JSON.stringify(address)}::jsonb`))
        .orderBy(desc(spaces.createdAt), desc(spaces.id))
        .limit(1);
      return row;
    },
    async findByAddressFields(platform, fields) {
      if (Object.keys(fields).length === 0) return undefined;
      const [row] = await db
        .select()
        .from(spaces)
        .where(and(eq(spaces.platform, platform), sql`${spaces.address} @> ${JSON.stringify(fields)}::jsonb`))
        .orderBy(desc(spaces.createdAt), desc(spaces.id))
        .limit(1);
      return row;
    },
    async insert(space) {
      await db.insert(spaces).values(space);
    },
    async setAddress(id, address) {
      const rows = await db
        .update(spaces)
        .set({ address })
        .where(eq(spaces.id, id))
        .returning({ id: spaces.id });
      requireUpdated(rows);
    },
    async setCoachSelfCheck(id, on) {
      const rows = await db
        .update(spaces)
        .set({ coachSelfCheck: on })
        .where(eq(spaces.id, id))
        .returning({ id: spaces.id });
      requireUpdated(rows);
    },
    async assignCoach(id, coachId) {
      const rows = await db
        .update(spaces)
        .set({ coachId })
        .where(
          and(
            eq(spaces.id, id),
            eq(spaces.kind, 'coaching'),
            isNull(spaces.retiredAt),
            isNull(spaces.coachId),
          ),
        )
        .returning({ id: spaces.id });
      requireUpdated(rows);
    },
    async retire(id, at) {
      const rows = await db
        .update(spaces)
        .set({ retiredAt: at })
        .where(and(eq(spaces.id, id), isNull(spaces.retiredAt)))
        .returning({ id: spaces.id });
      requireUpdated(rows);
    },
  };
}
