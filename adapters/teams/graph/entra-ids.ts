import type { UnitOfWork } from '../../../src/ports/repositories.js';
import { statusOf } from '../delivery-errors.js';
import type { TeamsConnector } from '../teams-connector.js';
import { tenantServiceUrl } from '../tenant-service-url.js';
import type { ChatMemberIdentity, EntraIdOf } from './graph-chat-provisioner.js';
import type { FindEntraUser } from './graph-people.js';

/**
 * A person's Entra identity (what Graph names people by) from their Teams id, as the Bot Connector of their own
 * tenant (its service URL, see `tenantServiceUrl`) describes them in their 1:1 chat with Triad: object id, home
 * tenant (another one for a federated external user) and role (`guest` for a guest account of the tenant). A
 * person named only by an Entra object id (not reached yet) is described by the tenant's directory where the admin
 * allows Triad to read it (`userType`), else taken as a member of the tenant. Ids never change, so each is asked
 * once per process. Undefined when Teams will not describe them (Triad cannot reach them).
 */
export function entraIdsThroughConnector(
  connector: TeamsConnector,
  serviceUrl: string,
  uow: UnitOfWork,
  entraUsers?: FindEntraUser,
): EntraIdOf {
  const known = new Map<string, ChatMemberIdentity>();
  return async (tenantId, platformUserId) => {
    // Teams ids are case-sensitive; Entra object ids (GUIDs) are not.
    const teamsId = platformUserId.startsWith('29:');
    const key = `${tenantId}|${teamsId ? platformUserId : platformUserId.toLowerCase()}`;
    const cached = known.get(key);
    if (cached) return cached;
    if (!teamsId) {
      // Unknown to the directory (or not granted): taken as the tenant's own, not kept (a grant may come later).
      const user = await entraUsers?.(tenantId, platformUserId);
      const person: ChatMemberIdentity = {
        entraId: platformUserId,
        guest: user?.guest ?? false,
        // A member of the coaching firm's tenant joins the client's chats as an external user of that tenant.
        ...(user?.tenantId ? { tenantId: user.tenantId } : {}),
      };
      if (user) known.set(key, person);
      return person;
    }
    const found = await fromRoster(tenantId, platformUserId);
    if (found) known.set(key, found);
    return found;
  };

  async function fromRoster(tenantId: string, platformUserId: string) {
    try {
      const where = await tenantServiceUrl(uow, tenantId, serviceUrl, platformUserId);
      const chat = await connector.personalChat(where, tenantId, platformUserId);
      const account = await connector.member(chat, platformUserId);
      if (!account?.aadObjectId) return undefined;
      return {
        entraId: account.aadObjectId,
        tenantId: account.tenantId ?? tenantId,
        guest: account.userRole === 'guest',
      };
    } catch (error) {
      const status = statusOf(error);
      if (status === 400 || status === 403 || status === 404) return undefined;
      throw error;
    }
  }
}
