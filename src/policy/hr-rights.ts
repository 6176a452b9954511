import type { Platform } from '../engagement/records.js';

/** Whom HR rights are asked about: a platform user in a workspace or tenant. */
export interface HrRightsQuery {
  platform: Platform;
  tenantId: string;
  platformUserId: string;
}

/**
 * The port that says who has HR rights over an organisation. Asked on every request and never remembered, so
 * rights end the moment they are withdrawn. Today configuration (`HR_ADMINS`) answers; a per-organisation
 * admin list can answer later through the same port.
 */
export type HrRights = (who: HrRightsQuery) => boolean | Promise<boolean>;

/** HR rights from the configured list of platform user ids. */
export const hrRightsFromList =
  (hrAdmins: readonly string[]): HrRights =>
  (who) =>
    hrAdmins.includes(who.platformUserId);
