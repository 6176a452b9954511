import { and, eq } from 'drizzle-orm';
import type { Organisation } from '../../src/engagement/records.js';
import type { OrganisationRepository } from '../../src/ports/repositories.js';
import type { TriadDatabase } from '../client.js';
import { organisations } from '../schema/index.js';
import { isUuid, requireUpdated, withoutId } from './support.js';

export function organisationRepository(db: TriadDatabase): OrganisationRepository {
  return {
    async get(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
      return row;
    },
    async findByTenant(platform, platformTenantId) {
      const [row] = await db
        .select()
        .from(organisations)
        .where(
          and(eq(organisations.platform, platform), eq(organisations.platformTenantId, platformTenantId)),
        );
      return row;
    },
    async insert(organisation: Organisation) {
      await db.insert(organisations).values(organisation);
    },
    async update(organisation) {
      const rows = await db
        .update(organisations)
        .set(withoutId(organisation))
        .where(eq(organisations.id, organisation.id))
        .returning({ id: organisations.id });
      requireUpdated(rows);
    },
  };
}
