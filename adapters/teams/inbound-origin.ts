/**
 * Which inbound activities Triad acts on. The Bot Framework token proves an activity came through the Bot
 * Framework for this bot, not that it came from Teams: with Web Chat or Direct Line enabled on the same bot
 * registration, anyone holding a Direct Line secret can post an activity with any `from.id`. Only Teams vouches
 * for the sender, and only for the tenant of the conversation it reports (`conversation.tenantId`); the
 * `channelData.tenant` copy is not trusted on its own and must agree when present.
 */

interface ActivityLike {
  channelId?: string | undefined;
  conversation?: { tenantId?: string | undefined } | undefined;
  channelData?: unknown;
}

/** Why an activity is refused, as a stable code for the log (never its content). */
export type OriginRefusal = 'not_teams' | 'no_tenant' | 'tenant_mismatch' | 'tenant_not_served';

const channelDataTenant = (channelData: unknown): unknown =>
  channelData && typeof channelData === 'object'
    ? (channelData as { tenant?: { id?: unknown } }).tenant?.id
    : undefined;

/** Whether Triad serves a tenant right now (configured, or allowed by the operator); asked on every activity. */
export type TenantServed = (tenantId: string) => Promise<boolean>;

/** Undefined when the activity comes from Teams in a tenant Triad serves; otherwise why it is refused. */
export async function originRefusal(
  activity: ActivityLike,
  served: TenantServed,
): Promise<OriginRefusal | undefined> {
  if (activity.channelId !== 'msteams') return 'not_teams';
  const tenant = activity.conversation?.tenantId;
  if (typeof tenant !== 'string' || tenant === '') return 'no_tenant';
  const claimed = channelDataTenant(activity.channelData);
  if (claimed !== undefined && claimed !== tenant) return 'tenant_mismatch';
  if (!(await served(tenant))) return 'tenant_not_served';
  return undefined;
}

/** The configured tenants as a set to look up in (tenant ids are GUIDs, compared without case). */
export const servedTenantSet = (tenants: readonly string[]): ReadonlySet<string> =>
  new Set(tenants.map((tenant) => tenant.toLowerCase()));
