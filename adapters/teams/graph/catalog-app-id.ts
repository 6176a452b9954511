import { z } from 'zod';
import type { Logger } from '../../../src/ports/logger.js';
import { type GraphClients, toProvisionError } from './graph-client.js';

/** Triad's id in a tenant's app catalog: what `teamsApp@odata.bind` names when Graph installs it. */
export type CatalogAppIdOf = (tenantId: string) => Promise<string>;

const catalogApps = z.object({
  value: z.array(
    z.object({
      id: z.string().min(1).max(200),
      externalId: z.string().max(200).nullish(),
      distributionMethod: z.string().max(40).nullish(),
    }),
  ),
});

export interface CatalogAppIdOptions {
  clients: GraphClients;
  /** The manifest's id (TEAMS_APP_ID). */
  manifestAppId: string;
  /** An operator's override (TEAMS_CATALOG_APP_ID): used in every tenant, nothing asked. */
  override?: string | undefined;
  logger: Logger;
}

/**
 * Triad's catalog id per tenant. An app the organisation published itself gets a catalog id of its own, which
 * Graph finds by the manifest id (`GET /appCatalogs/teamsApps?$filter=externalId eq '<manifest id>'`,
 * application permission AppCatalog.Read.All); a store app's catalog id is its manifest id. Found once per
 * tenant and kept; where the look-up is not allowed (or fails) the manifest id is used this time, and asked
 * again next time.
 */
export function catalogAppIds(options: CatalogAppIdOptions): CatalogAppIdOf {
  const { clients, manifestAppId, override, logger } = options;
  const known = new Map<string, string>();
  return async (tenantId) => {
    if (override) return override;
    const cached = known.get(tenantId);
    if (cached) return cached;
    let answer: unknown;
    try {
      answer = await clients
        .forTenant(tenantId)
        .api('/appCatalogs/teamsApps')
        .filter(`externalId eq '${manifestAppId.replaceAll("'", "''")}'`)
        .get();
    } catch (error) {
      logger.warn(
        { tenantId, reason: toProvisionError(error).kind },
        'catalog id not found; using the manifest id',
      );
      return manifestAppId;
    }
    const apps = catalogApps.parse(answer).value;
    const published =
      apps.find((app) => app.distributionMethod === 'organization') ??
      apps.find((app) => app.externalId?.toLowerCase() === manifestAppId.toLowerCase());
    const id = published?.id ?? manifestAppId;
    known.set(tenantId, id);
    return id;
  };
}
