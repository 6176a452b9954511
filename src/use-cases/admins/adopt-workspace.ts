import { z } from 'zod';
import { platforms } from '../../engagement/records.js';
import { firstAdminForHr } from '../../messages/compose/installation-notices.js';
import { inTransaction } from '../../outbox/unit.js';
import { organisationDraft } from '../actor.js';
import type { DirectoryDeps } from '../deps.js';
import { ensureOrganisation, ensurePerson, lookupHuman } from '../people.js';
import { parseInput } from '../shared/parse-input.js';
import { type FirstAdminOutcome, grantFirstAdmin } from './make-first-admin.js';

export const adoptWorkspaceInput = z.object({
  /** A workspace an org-wide (Enterprise Grid) installation covers, as Triad first hears from it. */
  organisation: z.object({
    platform: z.enum(platforms),
    tenantId: z.string().min(1).max(100),
  }),
  /** Who installed Triad for the whole enterprise, as the platform identifies them. */
  installer: z.object({ platformUserId: z.string().min(1).max(100) }),
});
export type AdoptWorkspaceInput = z.input<typeof adoptWorkspaceInput>;

export type AdoptWorkspaceResult = { organisationId: string } & FirstAdminOutcome;

/**
 * A workspace of an enterprise where Triad is installed org-wide, as Triad first hears from it (the install, the
 * `team_access_granted` event, or its first request): the enterprise's installer becomes the first HR admin of
 * its organisation, exactly as an ordinary install makes its installer (only while it has none, never a coach
 * of it, audited as `hr_admin_added`), and is told so once in a DM in that workspace. Asked again later, it
 * changes nothing and looks nobody up.
 */
export async function adoptWorkspace(
  raw: AdoptWorkspaceInput,
  deps: DirectoryDeps,
): Promise<AdoptWorkspaceResult> {
  const input = parseInput(adoptWorkspaceInput, raw);
  const { platform, tenantId } = input.organisation;
  const installerId = input.installer.platformUserId;
  const known = await deps.uow.read.organisations.findByTenant(platform, tenantId);
  if (known && (await deps.uow.read.organisationAdmins.list(known.id)).length > 0) {
    return { organisationId: known.id, madeFirstAdmin: false, reason: 'has_admins' };
  }
  // Looked up before the transaction: the DM needs the installer as a person of this workspace.
  const profile = await lookupHuman(deps.directory, installerId, 'person who installed Triad');
  return inTransaction(deps, async (unit) => {
    const organisation = await ensureOrganisation(
      unit.repos,
      deps,
      organisationDraft(deps, platform, tenantId),
    );
    const outcome = await grantFirstAdmin(unit, deps, organisation, installerId, true);
    if (!outcome.madeFirstAdmin) return { organisationId: organisation.id, ...outcome };
    const person = await ensurePerson(unit.repos, deps, organisation.id, profile);
    await unit.send(firstAdminForHr(person.id), `first-admin:${organisation.id}:${person.id}`);
    return { organisationId: organisation.id, ...outcome };
  });
}
