import { and, eq, inArray } from 'drizzle-orm';
import type { CoachProfileRepository } from '../../src/ports/coach-profiles.js';
import type { TriadDatabase } from '../client.js';
import { coachProfiles } from '../schema/index.js';
import { isUuid, requireCurrentVersion, withoutId } from './support.js';

export function coachProfileRepository(db: TriadDatabase): CoachProfileRepository {
  return {
    async find(organisationId, personId) {
      if (!isUuid(organisationId) || !isUuid(personId)) return undefined;
      const [row] = await db
        .select()
        .from(coachProfiles)
        .where(and(eq(coachProfiles.organisationId, organisationId), eq(coachProfiles.personId, personId)));
      return row;
    },
    async listFor(organisationId, personIds) {
      const ids = personIds.filter(isUuid);
      if (!isUuid(organisationId) || ids.length === 0) return [];
      return db
        .select()
        .from(coachProfiles)
        .where(and(eq(coachProfiles.organisationId, organisationId), inArray(coachProfiles.personId, ids)));
    },
    async insert(profile) {
      await db.insert(coachProfiles).values(profile);
    },
    async update(profile) {
      const rows = await db
        .update(coachProfiles)
        .set(withoutId(profile))
        .where(and(eq(coachProfiles.id, profile.id), eq(coachProfiles.version, profile.version - 1)))
        .returning({ id: coachProfiles.id });
      requireCurrentVersion(rows);
    },
  };
}
