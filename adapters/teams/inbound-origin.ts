/**
 * Which inbound activities Triad acts on, and as whose. The Bot Framework token proves an activity came through the
 * Bot Framework for this bot, not that it came from Teams: with Web Chat or Direct Line enabled on the same bot
 * registration, anyone holding a Direct Line secret can post an activity with any `from.id`. Only Teams vouches
 * for the sender, and for the tenant it reports (`conversation.tenantId`; `channelData.tenant` is a copy).
 *
 * The two must agree, with one exception. An external (federated) user acting in a group chat of another tenant
 * may arrive with their own home tenant instead of the chat's. That is accepted only when the chat is an engagement
 * space Triad knows (so its tenant is known without trusting the activity) and the sender is one of that space's
 * people whose recorded home tenant is exactly the one claimed; the activity is then the chat's tenant's, acted by
 * someone of that home tenant. Any other tenant claimed is refused.
 */

interface ActivityLike {
  channelId?: string | undefined;
  from?: { id?: string | undefined; aadObjectId?: string | undefined } | undefined;
  conversation?:
    | { id?: string | undefined; tenantId?: string | undefined; conversationType?: string | undefined }
    | undefined;
  channelData?: unknown;
}

/** Why an activity is refused, as a stable code for the log (never its content). */
export type OriginRefusal = 'not_teams' | 'no_tenant' | 'tenant_mismatch' | 'tenant_not_served';

/** Whose an accepted activity is: the conversation's tenant, and the sender's home tenant when it is another. */
export interface Origin {
  tenantId: string;
  /** Set only when the activity named the sender's home tenant rather than the chat's (see above). */
  homeTenantId?: string;
}

const channelDataTenant = (channelData: unknown): unknown =>
  channelData && typeof channelData === 'object'
    ? (channelData as { tenant?: { id?: unknown } }).tenant?.id
    : undefined;

/** Whether Triad serves a tenant right now (configured, or allowed by the operator); asked on every activity. */
export type TenantServed = (tenantId: string) => Promise<boolean>;

/**
 * The tenant whose engagement space a group chat is, and the sender's recorded home tenant when they are one of
 * its people (`conversationOrigin`); undefined when the chat is none of Triad's.
 */
export type SpaceOf = (
  conversationId: string,
  senderIds: string[],
  claimedTenantIds: string[],
) => Promise<{ tenantId: string; senderHomeTenantId: string | undefined } | undefined>;

export interface OriginChecks {
  served: TenantServed;
  spaceOf?: SpaceOf;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The origin of an activity from Teams in a tenant Triad serves; otherwise why it is refused. */
export async function checkOrigin(
  activity: ActivityLike,
  checks: OriginChecks,
): Promise<{ origin: Origin } | { refused: OriginRefusal }> {
  if (activity.channelId !== 'msteams') return { refused: 'not_teams' };
  const tenant = activity.conversation?.tenantId;
  if (typeof tenant !== 'string' || tenant === '') return { refused: 'no_tenant' };
  const copy = channelDataTenant(activity.channelData);
  if (copy !== undefined && typeof copy !== 'string') return { refused: 'tenant_mismatch' };
  const claimed = copy === undefined || same(copy, tenant) ? [tenant] : [tenant, copy];
  const space = await knownSpace(activity, claimed, checks.spaceOf);
  if (space) {
    const home = space.senderHomeTenantId;
    const external = home !== undefined && !same(home, space.tenantId);
    const foreign = claimed.filter((id) => !same(id, space.tenantId));
    if (!foreign.every((id) => external && same(id, home))) return { refused: 'tenant_mismatch' };
    if (!(await checks.served(space.tenantId))) return { refused: 'tenant_not_served' };
    return {
      origin: { tenantId: space.tenantId, ...(foreign.length > 0 && home ? { homeTenantId: home } : {}) },
    };
  }
  if (claimed.length > 1) return { refused: 'tenant_mismatch' };
  if (!(await checks.served(tenant))) return { refused: 'tenant_not_served' };
  return { origin: { tenantId: tenant } };
}

/** The engagement space a group chat is (1:1 chats are never one), asked by the chat's id and the sender's ids. */
async function knownSpace(activity: ActivityLike, claimed: string[], spaceOf: SpaceOf | undefined) {
  const conversation = activity.conversation;
  if (!spaceOf || !conversation?.id || conversation.conversationType === 'personal') return undefined;
  const senderIds = [activity.from?.id, activity.from?.aadObjectId?.toLowerCase()].filter(
    (id): id is string => typeof id === 'string' && id !== '' && id.length <= 255,
  );
  return spaceOf(
    conversation.id.slice(0, 400),
    senderIds,
    claimed.map((id) => id.slice(0, 100)),
  );
}

/**
 * What the rest of the turn reads of an accepted activity: the conversation's tenant, in both places Teams puts
 * it, so every lookup and reply is the chat's organisation's (the sender's home tenant goes with the actor).
 */
export function settleTenant(activity: ActivityLike, origin: Origin): void {
  if (activity.conversation) activity.conversation.tenantId = origin.tenantId;
  const data = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  if (data && typeof data === 'object' && data.tenant && typeof data.tenant === 'object') {
    data.tenant.id = origin.tenantId;
  }
}

/** Where the endpoint leaves an accepted activity's `homeTenantId` for the turn (in the context's turn state). */
export const SENDER_HOME_TENANT = Symbol('senderHomeTenant');

/** The configured tenants as a set to look up in (tenant ids are GUIDs, compared without case). */
export const servedTenantSet = (tenants: readonly string[]): ReadonlySet<string> =>
  new Set(tenants.map((tenant) => tenant.toLowerCase()));
