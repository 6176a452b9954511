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
  /**
   * The person's own team as the platform names it on this request, when that can differ from the workspace
   * (a Slack Connect member acting in a shared channel). Identity is (team, user): a person Triad knows is the
   * actor only when their home team is this one.
   */
  homeTeamId: z.string().min(1).max(100).optional(),
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
  const found = organisation
    ? await repos.people.findByPlatformUser(organisation.id, actor.platformUserId)
    : undefined;
  // Someone whose team is not the one Triad knows them by is nobody here: no person, no HR rights.
  if (!sameTeam(actor, found)) {
    return {
      organisation: organisation ?? organisationDraft(deps, actor.platform, actor.tenantId),
      person: undefined,
      isHrAdmin: false,
    };
  }
  const isHrAdmin = await hasHrRights(deps, actor, repos);
  if (!organisation) {
    return {
      organisation: organisationDraft(deps, actor.platform, actor.tenantId),
      person: undefined,
      isHrAdmin,
    };
  }
  return { organisation, person: found, isHrAdmin };
}

/**
 * Whether the actor's team (when the platform names one) is the person's: their recorded home team, or the
 * workspace itself for its own members. An actor of another team whom Triad does not know has no identity here.
 */
function sameTeam(actor: Actor, person: Person | undefined): boolean {
  if (actor.homeTeamId === undefined) return true;
  if (!person) return actor.homeTeamId === actor.tenantId;
  return (person.homeTeamId ?? actor.tenantId) === actor.homeTeamId;
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
