import { eq } from 'drizzle-orm';
import type { SpaceMemberRepository } from '../../src/ports/space-members.js';
import type { TriadDatabase } from '../client.js';
import { spaceMembers } from '../schema/index.js';
import { isUuid } from './support.js';

export function spaceMemberRepository(db: TriadDatabase): SpaceMemberRepository {
  return {
    async deleteByEngagement(engagementId) {
      if (!isUuid(engagementId)) return 0;
      const rows = await db
        .delete(spaceMembers)
        .where(eq(spaceMembers.engagementId, engagementId))
        .returning({ spaceId: spaceMembers.spaceId });
      return rows.length;
    },
    async get(spaceId) {
      if (!isUuid(spaceId)) return undefined;
      const [row] = await db.select().from(spaceMembers).where(eq(spaceMembers.spaceId, spaceId));
      return row;
    },
    async findByAddressKey(addressKey) {
      return db.select().from(spaceMembers).where(eq(spaceMembers.addressKey, addressKey));
    },
    async save(members) {
      const { spaceId: _, ...change } = members;
      await db
        .insert(spaceMembers)
        .values(members)
        .onConflictDoUpdate({ target: spaceMembers.spaceId, set: change });
    },
  };
}
