import type { TenantAccess, TenantAccessRepository } from '../../../src/ports/tenant-access.js';
import { type Access, byFields } from './access.js';

export function tenantAccessRepository(access: Access): TenantAccessRepository {
  const find = (platform: string, tenantId: string) => (row: TenantAccess) =>
    row.platform === platform && row.tenantId === tenantId;
  return {
    find: (platform, tenantId) =>
      access.read((v) => v.select<TenantAccess>('tenantAccess', find(platform, tenantId))[0]),
    save: (decision) =>
      access.write((v) => {
        const [stored] = v.select<TenantAccess>('tenantAccess', find(decision.platform, decision.tenantId));
        if (stored) v.replace('tenantAccess', { ...decision, id: stored.id });
        else v.insert('tenantAccess', decision);
      }),
    list: (platform) =>
      access.read((v) =>
        v.select<TenantAccess>('tenantAccess', (row) => row.platform === platform, byFields('tenantId')),
      ),
  };
}
