import { and, eq } from 'drizzle-orm';
import type { Organisation } from '../../src/engagement/records.js';
import type { OrganisationRepository } from '../../src/ports/repositories.js';
import type { TriadDatabase } from '../client.js';
import { organisations } from '../schema/index.js';
import { isUuid, requireUpdated, withoutId } from './support.js';

export function organisationRepository(db: TriadDatabase): OrganisationRepository {
  const findByTenant = async (platform: Organisation['platform'], platformTenantId: string) => {
    const [row] = await db
      .select()
      .from(organisations)
      .where(and(eq(organisations.platform, platform), eq(organisations.platformTenantId, platformTenantId)));
    return row;
  };
  return {
    async get(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
      return row;
    },
    findByTenant,
    async insert(organisation: Organisation) {
      await db.insert(organisations).values(organisation);
    },
    /**
     * `on conflict do nothing` waits for a concurrent transaction inserting the same tenant and, once it has
     * committed, skips; the next statement (read committed) then sees its row.
     */
    async insertOrGet(organisation) {
      const [inserted] = await db
        .insert(organisations)
        .values(organisation)
        .onConflictDoNothing({ target: [organisations.platform, organisations.platformTenantId] })
        .returning();
      if (inserted) return inserted;
      const existing = await findByTenant(organisation.platform, organisation.platformTenantId);
      if (!existing) throw new Error('organisation vanished between insert and select');
      return existing;
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
