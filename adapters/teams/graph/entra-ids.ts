import type { UnitOfWork } from '../../../src/ports/repositories.js';
import { statusOf } from '../delivery-errors.js';
import type { TeamsConnector } from '../teams-connector.js';
import { tenantServiceUrl } from '../tenant-service-url.js';
import type { EntraIdOf } from './graph-chat-provisioner.js';

/**
 * A person's Entra object id (what Graph names people by) from their Teams id, as the Bot Connector of their own
 * tenant (its service URL, see `tenantServiceUrl`) describes them in their 1:1 chat with Triad; ids never change,
 * so each is asked once per process. Undefined when Teams will not describe them (Triad cannot reach them).
 */
export function entraIdsThroughConnector(
  connector: TeamsConnector,
  serviceUrl: string,
  uow: UnitOfWork,
): EntraIdOf {
  const known = new Map<string, string>();
  return async (tenantId, platformUserId) => {
    if (!platformUserId.startsWith('29:')) return platformUserId;
    const cached = known.get(platformUserId);
    if (cached) return cached;
    try {
      const where = await tenantServiceUrl(uow, tenantId, serviceUrl, platformUserId);
      const chat = await connector.personalChat(where, tenantId, platformUserId);
      const id = (await connector.member(chat, platformUserId))?.aadObjectId;
      if (id) known.set(platformUserId, id);
      return id;
    } catch (error) {
      const status = statusOf(error);
      if (status === 400 || status === 403 || status === 404) return undefined;
      throw error;
    }
  };
}
