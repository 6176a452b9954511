import { z } from 'zod';
import type { Platform } from '../../engagement/records.js';
import type { Clock } from '../../ports/clock.js';
import type { IdGenerator } from '../../ports/ids.js';
import type { Repositories, UnitOfWork } from '../../ports/repositories.js';
import type { TenantAccess } from '../../ports/tenant-access.js';

/**
 * Which Microsoft 365 tenants this Triad serves: the ones in its configuration (always), and the ones the Triad
 * operator allowed at runtime (`npm run tenants -- allow <tenant-id>`), until refused again. The operator is not
 * a person of any organisation: these decisions are made on the server's command line, never through a chat.
 */
export const tenantDecisionSchema = z.object({
  tenantId: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.uuid({ message: 'must be a Microsoft 365 tenant id (a GUID)' })),
  allowed: z.boolean(),
  decidedBy: z
    .string()
    .trim()
    .min(1, 'name who decides (--by)')
    .max(100, 'must be at most 100 characters')
    .regex(/^[\p{L}\p{N} .@_+-]+$/u, 'must be a name or an e-mail address'),
});
export type TenantDecisionInput = z.input<typeof tenantDecisionSchema>;

/** The tenant ids that are always served (configuration), lower case, to look up in. */
export type ConfiguredTenants = ReadonlySet<string>;

const PLATFORM: Platform = 'teams';

/** Whether `tenantId` is served right now: configured, or allowed by the operator's latest decision. */
export async function isTenantServed(
  repos: Pick<Repositories, 'tenantAccess'>,
  configured: ConfiguredTenants,
  tenantId: string,
): Promise<boolean> {
  const id = tenantId.toLowerCase();
  if (configured.has(id)) return true;
  if (!z.uuid().safeParse(id).success) return false;
  return (await repos.tenantAccess.find(PLATFORM, id))?.allowed === true;
}

export interface TenantAccessDeps {
  uow: UnitOfWork;
  clock: Clock;
  ids: IdGenerator;
}

/** Allows or refuses a tenant, audited in the same transaction; returns the decision as stored. */
export async function decideTenant(
  input: TenantDecisionInput,
  deps: TenantAccessDeps,
): Promise<TenantAccess> {
  const { tenantId, allowed, decidedBy } = tenantDecisionSchema.parse(input);
  const at = deps.clock.now();
  return deps.uow.transaction(async (repos) => {
    const earlier = await repos.tenantAccess.find(PLATFORM, tenantId);
    const decision: TenantAccess = {
      id: earlier?.id ?? deps.ids.newId(),
      platform: PLATFORM,
      tenantId,
      allowed,
      decidedBy,
      decidedAt: at,
    };
    await repos.tenantAccess.save(decision);
    await repos.audit.insert({
      engagementId: null,
      actorId: null,
      action: allowed ? 'tenant_allowed' : 'tenant_refused',
      outcome: 'done',
      details: { platform: PLATFORM, tenantId, decidedBy, before: earlier ? earlier.allowed : null },
      createdAt: at,
    });
    return decision;
  });
}

export interface TenantListing {
  tenantId: string;
  served: boolean;
  /** `config` for the configured tenants (always served), else the operator's latest decision. */
  source: 'config' | 'operator';
  decidedBy?: string;
  decidedAt?: Date;
}

/** Every tenant the configuration or the operator named, by tenant id. */
export async function listTenants(
  repos: Pick<Repositories, 'tenantAccess'>,
  configured: ConfiguredTenants,
): Promise<TenantListing[]> {
  const stored = await repos.tenantAccess.list(PLATFORM);
  const listing: TenantListing[] = [...configured].map((tenantId) => ({
    tenantId,
    served: true,
    source: 'config',
  }));
  for (const decision of stored) {
    if (configured.has(decision.tenantId)) continue;
    listing.push({
      tenantId: decision.tenantId,
      served: decision.allowed,
      source: 'operator',
      decidedBy: decision.decidedBy,
      decidedAt: decision.decidedAt,
    });
  }
  return listing.sort((a, b) => a.tenantId.localeCompare(b.tenantId));
}
