import { and, asc, eq } from 'drizzle-orm';
import type { OrganisationAdminRepository } from '../../src/ports/organisation-admins.js';
import type { TriadDatabase } from '../client.js';
import { organisationAdmins, organisations } from '../schema/index.js';
import { isUuid } from './support.js';

export function organisationAdminRepository(db: TriadDatabase): OrganisationAdminRepository {
  const list = async (organisationId: string) => {
    if (!isUuid(organisationId)) return [];
    return db
      .select()
      .from(organisationAdmins)
      .where(eq(organisationAdmins.organisationId, organisationId))
      .orderBy(asc(organisationAdmins.addedAt), asc(organisationAdmins.id));
  };
  return {
    list,
    async listForUpdate(organisationId) {
      if (!isUuid(organisationId)) return [];
      await db
        .select({ id: organisations.id })
        .from(organisations)
        .where(eq(organisations.id, organisationId))
        .for('update');
      return list(organisationId);
    },
    async isAdmin(organisationId, platformUserId) {
      if (!isUuid(organisationId)) return false;
      const [row] = await db
        .select({ id: organisationAdmins.id })
        .from(organisationAdmins)
        .where(
          and(
            eq(organisationAdmins.organisationId, organisationId),
            eq(organisationAdmins.platformUserId, platformUserId),
          ),
        );
      return row !== undefined;
    },
    async insert(admin) {
      const rows = await db
        .insert(organisationAdmins)
        .values(admin)
        .onConflictDoNothing({
          target: [organisationAdmins.organisationId, organisationAdmins.platformUserId],
        })
        .returning({ id: organisationAdmins.id });
      return rows.length > 0;
    },
    async remove(organisationId, platformUserId) {
      if (!isUuid(organisationId)) return undefined;
      const [row] = await db
        .delete(organisationAdmins)
        .where(
          and(
            eq(organisationAdmins.organisationId, organisationId),
            eq(organisationAdmins.platformUserId, platformUserId),
          ),
        )
        .returning();
      return row;
    },
  };
}
