import { z } from 'zod';
import { type GraphClients, graphStatus, toProvisionError } from './graph-client.js';

const entraUser = z.object({
  id: z.string().min(1).max(100),
  displayName: z.string().max(256).nullish(),
  mail: z.string().max(320).nullish(),
  userPrincipalName: z.string().max(320).nullish(),
  userType: z.string().max(20).nullish(),
});

/** A user of a tenant's directory, as Graph describes them. */
export interface EntraUser {
  /** The Entra object id. */
  id: string;
  displayName: string;
  mail: string | undefined;
  userPrincipalName: string | undefined;
  /** A guest account of the tenant (B2B), rather than one of its own members. */
  guest: boolean;
}

/** A tenant's user by Entra object id or UPN; undefined when there is none, or the tenant has not granted the look-up. */
export type FindEntraUser = (tenantId: string, idOrUpn: string) => Promise<EntraUser | undefined>;

/**
 * `GET /users/{id | userPrincipalName}` (application permission User.Read.All, detected per call: without it the
 * answer is "unknown", and Triad reaches people as before). A 429 or outage is thrown as a ProvisionError.
 */
export function entraUsersThroughGraph(clients: GraphClients): FindEntraUser {
  return async (tenantId, idOrUpn) => {
    let answer: unknown;
    try {
      answer = await clients
        .forTenant(tenantId)
        .api(`/users/${encodeURIComponent(idOrUpn)}`)
        .select(['id', 'displayName', 'mail', 'userPrincipalName', 'userType'])
        .get();
    } catch (error) {
      const status = graphStatus(error);
      if (status === 404 || status === 400) return undefined;
      const failure = toProvisionError(error);
      if (failure.kind === 'not_granted') return undefined;
      throw failure;
    }
    const user = entraUser.parse(answer);
    return {
      id: user.id.toLowerCase(),
      displayName: user.displayName?.trim() || user.mail || user.userPrincipalName || 'someone',
      mail: user.mail ?? undefined,
      userPrincipalName: user.userPrincipalName ?? undefined,
      guest: user.userType?.toLowerCase() === 'guest',
    };
  };
}
