import type { Platform } from '../engagement/records.js';

/**
 * The Triad operator's decision about one tenant (a Microsoft 365 tenant today): allowed to use this Triad, or
 * refused. Tenants named in the configuration are always allowed whatever is stored here; any other tenant is
 * allowed only while its latest decision says so.
 */
export interface TenantAccess {
  id: string;
  platform: Platform;
  /** The platform's tenant id, lower case (Microsoft 365 tenant ids are GUIDs). */
  tenantId: string;
  allowed: boolean;
  /** Who decided, as the operator named themselves on the command line (never a secret). */
  decidedBy: string;
  decidedAt: Date;
}

export interface TenantAccessRepository {
  find(platform: Platform, tenantId: string): Promise<TenantAccess | undefined>;
  /** Records the decision for its tenant, replacing an earlier one (the row keeps its first id). */
  save(decision: TenantAccess): Promise<void>;
  /** Every decision on the platform, by tenant id. */
  list(platform: Platform): Promise<TenantAccess[]>;
}
