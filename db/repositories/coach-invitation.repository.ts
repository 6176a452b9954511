import { and, asc, eq } from 'drizzle-orm';
import type { CoachInvitationRepository } from '../../src/ports/coach-invitations.js';
import type { TriadDatabase } from '../client.js';
import { coachInvitations } from '../schema/index.js';
import { isUuid, requireCurrentVersion, withoutId } from './support.js';

export function coachInvitationRepository(db: TriadDatabase): CoachInvitationRepository {
  return {
    async get(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.select().from(coachInvitations).where(eq(coachInvitations.id, id));
      return row;
    },
    async findByEngagement(engagementId) {
      if (!isUuid(engagementId)) return undefined;
      const [row] = await db
        .select()
        .from(coachInvitations)
        .where(eq(coachInvitations.engagementId, engagementId));
      return row;
    },
    async listPending(organisationId) {
      if (!isUuid(organisationId)) return [];
      return db
        .select()
        .from(coachInvitations)
        .where(
          and(eq(coachInvitations.organisationId, organisationId), eq(coachInvitations.state, 'pending')),
        )
        .orderBy(asc(coachInvitations.createdAt), asc(coachInvitations.id));
    },
    async insert(invitation) {
      await db.insert(coachInvitations).values(invitation);
    },
    async update(invitation) {
      const rows = await db
        .update(coachInvitations)
        .set(withoutId(invitation))
        .where(
          and(eq(coachInvitations.id, invitation.id), eq(coachInvitations.version, invitation.version - 1)),
        )
        .returning({ id: coachInvitations.id });
      requireCurrentVersion(rows);
    },
    async deleteByEngagement(engagementId) {
      if (!isUuid(engagementId)) return 0;
      const rows = await db
        .delete(coachInvitations)
        .where(eq(coachInvitations.engagementId, engagementId))
        .returning({ id: coachInvitations.id });
      return rows.length;
    },
  };
}
