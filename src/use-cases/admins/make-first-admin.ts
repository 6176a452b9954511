import { z } from 'zod';
import { platforms } from '../../engagement/records.js';
import { inTransaction } from '../../outbox/unit.js';
import { organisationDraft } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { ensureOrganisation } from '../people.js';
import { parseInput } from '../shared/parse-input.js';

export const makeFirstAdminInput = z.object({
  /** The workspace or tenant Triad was installed in (its name, when the installation says it). */
  organisation: z.object({
    platform: z.enum(platforms),
    tenantId: z.string().min(1).max(100),
    name: z.string().trim().min(1).max(200).optional(),
  }),
  /** Who installed Triad, as the platform identifies them. */
  installer: z.object({ platformUserId: z.string().min(1).max(100) }),
});
export type MakeFirstAdminInput = z.input<typeof makeFirstAdminInput>;

/**
 * The person who installs Triad becomes the organisation's first HR admin — only while it has none (a
 * re-install, or an install by someone else later, changes nobody's rights). Called by the installation flow
 * (Slack OAuth), which has no person to answer: the result says what happened. Makes the organisation when
 * Triad has not met it yet. Audited as `hr_admin_added` (first: true).
 */
export async function makeFirstAdmin(
  raw: MakeFirstAdminInput,
  deps: CoreDeps,
): Promise<{ organisationId: string; madeFirstAdmin: boolean }> {
  const input = parseInput(makeFirstAdminInput, raw);
  const { platform, tenantId, name } = input.organisation;
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const organisation = await ensureOrganisation(
      repos,
      deps,
      organisationDraft(deps, platform, tenantId, name),
    );
    const admins = await repos.organisationAdmins.listForUpdate(organisation.id);
    if (admins.length > 0) return { organisationId: organisation.id, madeFirstAdmin: false };
    const platformUserId = input.installer.platformUserId;
    await repos.organisationAdmins.insert({
      id: deps.ids.newId(),
      organisationId: organisation.id,
      platformUserId,
      addedByUserId: null,
      addedAt: deps.clock.now(),
    });
    await unit.audit({
      engagementId: null,
      actorId: null,
      action: 'hr_admin_added',
      details: { organisationId: organisation.id, platformUserId, first: true },
    });
    return { organisationId: organisation.id, madeFirstAdmin: true };
  });
}
