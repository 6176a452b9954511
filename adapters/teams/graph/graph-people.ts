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
  /**
   * The user's home tenant when it is not the tenant asked: a member of the coaching firm's own tenant, found
   * there because the client's tenant has no such user (an external, federated user in the client's chats).
   */
  tenantId?: string;
}

/** A tenant's user by Entra object id or UPN; undefined when there is none, or the tenant has not granted the look-up. */
export type FindEntraUser = (tenantId: string, idOrUpn: string) => Promise<EntraUser | undefined>;

const entraUserList = z.object({ value: z.array(entraUser).max(10) });
const FIELDS = ['id', 'displayName', 'mail', 'userPrincipalName', 'userType'];

/**
 * `GET /users/{id | userPrincipalName}` (application permission User.Read.All, detected per call: without it the
 * answer is "unknown", and Triad reaches people as before). A guest's UPN is not their e-mail address
 * (`kim_firm.example#EXT#@…`), so an address no UPN matches is looked for by `mail` (one match only). A 429 or
 * outage is thrown as a ProvisionError.
 */
export function entraUsersThroughGraph(clients: GraphClients): FindEntraUser {
  return async (tenantId, idOrUpn) => {
    const graph = () => clients.forTenant(tenantId);
    let user = await ask(
      () =>
        graph()
          .api(`/users/${encodeURIComponent(idOrUpn)}`)
          .select(FIELDS)
          .get(),
      entraUser,
    );
    if (user === 'none' && idOrUpn.includes('@')) {
      const mail = idOrUpn.replaceAll("'", "''");
      const found = await ask(
        () => graph().api('/users').filter(`mail eq '${mail}'`).select(FIELDS).top(2).get(),
        entraUserList,
      );
      user = found !== 'none' && found.value.length === 1 && found.value[0] ? found.value[0] : 'none';
    }
    if (user === 'none') return undefined;
    return {
      id: user.id.toLowerCase(),
      displayName: user.displayName?.trim() || user.mail || user.userPrincipalName || 'someone',
      mail: user.mail ?? undefined,
      userPrincipalName: user.userPrincipalName ?? undefined,
      guest: user.userType?.toLowerCase() === 'guest',
    };
  };
}

/** Graph's answer parsed, or `none` when there is nothing (404, 400) or the tenant has not granted the look-up. */
async function ask<T>(call: () => Promise<unknown>, schema: z.ZodType<T>): Promise<T | 'none'> {
  try {
    return schema.parse(await call());
  } catch (error) {
    if (error instanceof z.ZodError) throw error;
    const status = graphStatus(error);
    if (status === 404 || status === 400) return 'none';
    const failure = toProvisionError(error);
    if (failure.kind === 'not_granted') return 'none';
    throw failure;
  }
}

/**
 * The client tenant's directory, then the coaching firm's own tenant (`firmTenantId`: the tenant the app is
 * registered in, or the one configured) for a person the client's tenant has no user for: a coach of the firm
 * named by e-mail, who joins the client's chats as an external (federated) user. Only the address or Entra id is
 * sent to the firm's tenant, and only who the person is comes back. A guest account of the firm's tenant is not
 * the firm's own user, so it is not taken. Without a firm tenant, or when it is the client's, the first alone.
 */
export function withFirmTenant(find: FindEntraUser, firmTenantId: string | undefined): FindEntraUser {
  if (!firmTenantId) return find;
  const firm = firmTenantId.toLowerCase();
  return async (tenantId, idOrUpn) => {
    const own = await find(tenantId, idOrUpn);
    if (own || tenantId.toLowerCase() === firm) return own;
    const external = await find(firm, idOrUpn);
    if (!external || external.guest) return undefined;
    return { ...external, tenantId: firm };
  };
}
