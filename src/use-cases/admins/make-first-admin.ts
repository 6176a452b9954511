import { z } from 'zod';
import { isLive } from '../../engagement/lifecycle.js';
import type { Organisation } from '../../engagement/records.js';
import { platforms } from '../../engagement/records.js';
import { inTransaction, type Unit } from '../../outbox/unit.js';
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

/** Why the installer was not made the first admin: the list had admins, or they coach in the organisation. */
export type FirstAdminOutcome =
  | { madeFirstAdmin: true }
  | { madeFirstAdmin: false; reason: 'has_admins' | 'coaches_here' };

/** Whether the person coaches in a live engagement of the organisation (or is on its shortlist). */
export async function coachesIn(unit: Unit, organisationId: string, platformUserId: string) {
  const person = await unit.repos.people.findByPlatformUser(organisationId, platformUserId);
  if (!person) return false;
  // Not `listForPerson`: it lists the roles held (client, sponsor, coach), and a shortlisted coach holds none yet.
  return (await unit.repos.engagements.listByOrganisation(organisationId)).some(
    (e) =>
      isLive(e.stage) &&
      (e.coachId === person.id || (e.coachId === null && e.coachShortlist.includes(person.id))),
  );
}

/**
 * Inside a transaction: the installer becomes the organisation's first HR admin, only while it has none (the
 * list is locked first), and never when they coach in it (whoever has HR rights never coaches). Audited as
 * `hr_admin_added` (first: true), with `orgWide` when the install covered a whole Enterprise Grid organisation.
 */
export async function grantFirstAdmin(
  unit: Unit,
  deps: CoreDeps,
  organisation: Organisation,
  platformUserId: string,
  orgWide = false,
): Promise<FirstAdminOutcome> {
  const admins = await unit.repos.organisationAdmins.listForUpdate(organisation.id);
  if (admins.length > 0) return { madeFirstAdmin: false, reason: 'has_admins' };
  if (await coachesIn(unit, organisation.id, platformUserId)) {
    return { madeFirstAdmin: false, reason: 'coaches_here' };
  }
  await unit.repos.organisationAdmins.insert({
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
    details: {
      organisationId: organisation.id,
      platformUserId,
      first: true,
      ...(orgWide ? { orgWide } : {}),
    },
  });
  return { madeFirstAdmin: true };
}

/**
 * The person who installs Triad becomes the organisation's first HR admin — only while it has none (a
 * re-install, or an install by someone else later, changes nobody's rights). Called by the installation flow
 * (Slack OAuth), which has no person to answer: the result says what happened. Makes the organisation when
 * Triad has not met it yet. Audited as `hr_admin_added` (first: true).
 */
export async function makeFirstAdmin(
  raw: MakeFirstAdminInput,
  deps: CoreDeps,
): Promise<{ organisationId: string } & FirstAdminOutcome> {
  const input = parseInput(makeFirstAdminInput, raw);
  const { platform, tenantId, name } = input.organisation;
  return inTransaction(deps, async (unit) => {
    const organisation = await ensureOrganisation(
      unit.repos,
      deps,
      organisationDraft(deps, platform, tenantId, name),
    );
    const outcome = await grantFirstAdmin(unit, deps, organisation, input.installer.platformUserId);
    return { organisationId: organisation.id, ...outcome };
  });
}
