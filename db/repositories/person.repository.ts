import { and, eq, inArray } from 'drizzle-orm';
import type { Person } from '../../src/engagement/records.js';
import type { PersonRepository } from '../../src/ports/repositories.js';
import type { TriadDatabase } from '../client.js';
import { people } from '../schema/index.js';
import { isUuid, requireUpdated } from './support.js';

export function personRepository(db: TriadDatabase): PersonRepository {
  return {
    async get(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.select().from(people).where(eq(people.id, id));
      return row;
    },
    /** The people found, in the order asked for, each once. */
    async getMany(ids) {
      const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
      if (wanted.length === 0) return [];
      const rows = await db.select().from(people).where(inArray(people.id, wanted));
      const byId = new Map(rows.map((row) => [row.id, row]));
      return wanted.map((id) => byId.get(id)).filter((row): row is Person => row !== undefined);
    },
    async findByPlatformUser(organisationId, platformUserId) {
      if (!isUuid(organisationId)) return undefined;
      const [row] = await db
        .select()
        .from(people)
        .where(and(eq(people.organisationId, organisationId), eq(people.platformUserId, platformUserId)));
      return row;
    },
    async upsert(person) {
      const [row] = await db
        .insert(people)
        .values(person)
        .onConflictDoUpdate({
          target: [people.organisationId, people.platformUserId],
          set: {
            displayName: person.displayName,
            homeTeamId: person.homeTeamId,
            timeZone: person.timeZone,
            updatedAt: person.updatedAt,
          },
        })
        .returning();
      if (!row) throw new Error('upsert returned no row');
      return row;
    },
    async setDirectAddress(id, address) {
      const rows = await db
        .update(people)
        .set({ directAddress: address })
        .where(eq(people.id, id))
        .returning({ id: people.id });
      requireUpdated(rows);
    },
    async setPlatformUserId(id, platformUserId) {
      const rows = isUuid(id)
        ? await db
            .update(people)
            .set({ platformUserId })
            .where(eq(people.id, id))
            .returning({ id: people.id })
        : [];
      requireUpdated(rows);
    },
  };
}
