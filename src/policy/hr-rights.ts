import type { Platform } from '../engagement/records.js';
import type { Repositories } from '../ports/repositories.js';

/** Whom HR rights are asked about: a platform user in a workspace or tenant. */
export interface HrRightsQuery {
  platform: Platform;
  tenantId: string;
  platformUserId: string;
}

/**
 * The port that says who has HR rights over an organisation. Asked on every request and never remembered, so
 * rights end the moment they are withdrawn; `repos` are the request's (inside its transaction when it has one).
 */
export type HrRights = (who: HrRightsQuery, repos: Repositories) => boolean | Promise<boolean>;

/** HR rights from a configured list of platform user ids alone (`HR_ADMINS`). */
export const hrRightsFromList =
  (hrAdmins: readonly string[]): HrRights =>
  (who) =>
    hrAdmins.includes(who.platformUserId);

/**
 * HR rights as Triad grants them: the organisation's own admin list (`organisation_admins`, managed with the
 * `admins` command), and — in single-workspace, self-hosted mode, where the wiring passes `HR_ADMINS` — that
 * configured list too. A workspace or tenant Triad has no organisation for yet has only the configured admins.
 */
export const hrRightsFromAdmins =
  (configured: readonly string[]): HrRights =>
  async (who, repos) => {
    if (configured.includes(who.platformUserId)) return true;
    const organisation = await repos.organisations.findByTenant(who.platform, who.tenantId);
    if (!organisation) return false;
    return repos.organisationAdmins.isAdmin(organisation.id, who.platformUserId);
  };
