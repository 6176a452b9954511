import { z } from 'zod';
import type { Organisation, Person, Platform } from '../engagement/records.js';
import { TriadError } from '../errors.js';
import type { Repositories } from '../ports/repositories.js';
import type { CoreDeps } from './deps.js';

/** Who is acting, as the platform identifies them. */
export const actorSchema = z.object({
  platform: z.enum(['slack', 'teams', 'local']),
  tenantId: z.string().min(1).max(100),
  platformUserId: z.string().min(1).max(100),
});
export type Actor = z.infer<typeof actorSchema>;

export interface ResolvedActor {
  organisation: Organisation;
  person: Person | undefined;
  isHrAdmin: boolean;
}

export async function findOrganisation(repos: Repositories, platform: Platform, tenantId: string) {
  return repos.organisations.findByTenant(platform, tenantId);
}

/** Finds the acting person (if Triad knows them) and whether they are an HR admin. */
export async function resolveActor(
  repos: Repositories,
  deps: CoreDeps,
  actor: Actor,
): Promise<ResolvedActor> {
  const organisation = await findOrganisation(repos, actor.platform, actor.tenantId);
  const person = organisation
    ? await repos.people.findByPlatformUser(organisation.id, actor.platformUserId)
    : undefined;
  const isHrAdmin = deps.settings.hrAdmins.includes(actor.platformUserId) || person?.isHrAdmin === true;
  if (!organisation) {
    return {
      organisation: {
        id: '',
        platform: actor.platform,
        platformTenantId: actor.tenantId,
        name: actor.tenantId,
        sessionVisibility: 'none',
        retentionDays: deps.settings.retentionDays,
        createdAt: deps.clock.now(),
      },
      person: undefined,
      isHrAdmin,
    };
  }
  return { organisation, person, isHrAdmin };
}

export function requireHr(resolved: ResolvedActor): void {
  if (!resolved.isHrAdmin) {
    throw new TriadError(
      'not_authorised',
      'Only HR programme owners can do that.',
      'Ask your Triad administrator to add you to HR_ADMINS.',
    );
  }
}

/** The person acting, who must already be known to Triad. */
export function requirePerson(resolved: ResolvedActor): Person {
  if (!resolved.person) {
    throw new TriadError('not_found', 'Triad has no engagement for you yet.');
  }
  return resolved.person;
}
