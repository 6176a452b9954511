import { z } from 'zod';
import { type Organisation, type Person, type Platform, platforms } from '../engagement/records.js';
import { TriadError } from '../errors.js';
import { type Action, type Asker, authorizeOrganisation } from '../policy/permissions.js';
import type { Repositories } from '../ports/repositories.js';
import { type CoreDeps, hasHrRights } from './deps.js';

/** Who is acting, as the platform identifies them. */
export const actorSchema = z.object({
  platform: z.enum(platforms),
  tenantId: z.string().min(1).max(100),
  platformUserId: z.string().min(1).max(100),
});
export type Actor = z.infer<typeof actorSchema>;

export interface ResolvedActor {
  organisation: Organisation;
  person: Person | undefined;
  /** HR rights over the organisation, as its admin list (or configuration) grants them on this request. */
  isHrAdmin: boolean;
}

export async function findOrganisation(repos: Repositories, platform: Platform, tenantId: string) {
  return repos.organisations.findByTenant(platform, tenantId);
}

/**
 * The organisation a workspace or tenant Triad has not met yet would be (id '' until `ensureOrganisation` stores
 * it): the environment's retention and intro-call defaults, no settings of its own.
 */
export function organisationDraft(
  deps: CoreDeps,
  platform: Platform,
  tenantId: string,
  name: string = tenantId,
): Organisation {
  return {
    id: '',
    platform,
    platformTenantId: tenantId,
    name,
    sessionVisibility: 'none',
    retentionDays: deps.settings.retentionDays,
    hrDigestWeekday: 1,
    chemistryCalls: deps.settings.chemistryCalls,
    defaults: {},
    createdAt: deps.clock.now(),
  };
}

/** Finds the acting person (if Triad knows them) and whether they have HR rights right now. */
export async function resolveActor(
  repos: Repositories,
  deps: CoreDeps,
  actor: Actor,
): Promise<ResolvedActor> {
  const organisation = await findOrganisation(repos, actor.platform, actor.tenantId);
  const person = organisation
    ? await repos.people.findByPlatformUser(organisation.id, actor.platformUserId)
    : undefined;
  const isHrAdmin = await hasHrRights(deps, actor, repos);
  if (!organisation) {
    return {
      organisation: organisationDraft(deps, actor.platform, actor.tenantId),
      person: undefined,
      isHrAdmin,
    };
  }
  return { organisation, person, isHrAdmin };
}

/** Refuses anyone without HR rights for an organisation-wide action. */
export function requireHr(resolved: ResolvedActor, action: Action): void {
  authorizeOrganisation(resolved.isHrAdmin, action);
}

/** The asker as the permission table sees them. */
export const askerOf = (resolved: ResolvedActor): Asker => ({
  personId: resolved.person?.id,
  hrOf: resolved.isHrAdmin && resolved.organisation.id ? resolved.organisation.id : undefined,
});

/** The person acting, who must already be known to Triad. */
export function requirePerson(resolved: ResolvedActor): Person {
  if (!resolved.person) {
    throw new TriadError('not_found', 'Triad has no engagement for you yet.');
  }
  return resolved.person;
}

/**
 * For adapters, before they look anyone up or open a form: refuses an actor without HR rights for `action`
 * right now, so a refused request touches nothing (not even the platform's directory).
 */
export async function requireHrRights(deps: CoreDeps, actor: Actor, action: Action): Promise<ResolvedActor> {
  const resolved = await resolveActor(deps.uow.read, deps, actor);
  requireHr(resolved, action);
  return resolved;
}
