import type { UnitOfWork } from '../../src/ports/repositories.js';
import { isTeamsAddress } from './teams-address.js';

/**
 * Where Triad reaches a tenant's Bot Connector: Teams gives each tenant's activities its own (regional) service
 * URL. The URL of a 1:1 chat Triad already has in the tenant (the person's own when `platformUserId` names one
 * who has one, else its HR's or its clients'), else `fallback` (Teams' global one).
 */
export async function tenantServiceUrl(
  uow: UnitOfWork,
  tenantId: string,
  fallback: string,
  platformUserId?: string,
): Promise<string> {
  const repos = uow.read;
  const organisation = await repos.organisations.findByTenant('teams', tenantId);
  if (!organisation) return fallback;
  const own = platformUserId
    ? await repos.people.findByPlatformUser(organisation.id, platformUserId)
    : undefined;
  const engagements = await repos.engagements.listByOrganisation(organisation.id);
  const ids = engagements.slice(0, 20).flatMap((e) => [e.startedById, e.clientId]);
  const others = ids.length > 0 ? await repos.people.getMany([...new Set(ids)]) : [];
  const known = [...(own ? [own] : []), ...others]
    .map((p) => p.directAddress)
    .find((address) => isTeamsAddress(address) && address.tenantId.toLowerCase() === tenantId.toLowerCase());
  return isTeamsAddress(known) ? known.serviceUrl : fallback;
}
