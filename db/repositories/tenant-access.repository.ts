import { and, asc, eq } from 'drizzle-orm';
import type { TenantAccessRepository } from '../../src/ports/tenant-access.js';
import type { TriadDatabase } from '../client.js';
import { tenantAccess } from '../schema/index.js';

export function tenantAccessRepository(db: TriadDatabase): TenantAccessRepository {
  return {
    async find(platform, tenantId) {
      const [row] = await db
        .select()
        .from(tenantAccess)
        .where(and(eq(tenantAccess.platform, platform), eq(tenantAccess.tenantId, tenantId)));
      return row;
    },
    async save(decision) {
      await db
        .insert(tenantAccess)
        .values(decision)
        .onConflictDoUpdate({
          target: [tenantAccess.platform, tenantAccess.tenantId],
          set: { allowed: decision.allowed, decidedBy: decision.decidedBy, decidedAt: decision.decidedAt },
        });
    },
    async list(platform) {
      return db
        .select()
        .from(tenantAccess)
        .where(eq(tenantAccess.platform, platform))
        .orderBy(asc(tenantAccess.tenantId));
    },
  };
}
