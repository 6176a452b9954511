import { z } from 'zod';
import { platforms } from '../../engagement/records.js';
import { accessRenewalFailingForHr } from '../../messages/compose/installation-notices.js';
import { inTransaction } from '../../outbox/unit.js';
import type { PlatformProfile } from '../../ports/directory.js';
import type { DirectoryDeps } from '../deps.js';
import { ensurePerson } from '../people.js';
import { parseInput } from '../shared/parse-input.js';

export const noteAccessFailingInput = z.object({
  platform: z.enum(platforms),
  /** The workspace or tenant whose access the platform refused to renew. */
  tenantId: z.string().min(1).max(100),
  /** The refusals in a row so far. */
  failures: z.number().int().positive().max(1_000_000),
  /** Which streak of failures this is (when it began, or any id of it): one notice per streak. */
  streak: z.string().min(1).max(100),
});
export type NoteAccessFailingInput = z.input<typeof noteAccessFailingInput>;

/**
 * The platform refused to renew Triad's access to a workspace several times in a row: each HR admin of its
 * organisation gets one DM saying so and what the workspace admin must do (install Triad again). One per streak
 * (the outbox key names it). Admins Triad has not met as a person are looked up first; one who cannot be looked
 * up (the access already gone) is not told, and is counted. The DMs wait like any delivery while the workspace
 * cannot be reached, and go out once it is installed again. Audited as `access_renewal_failing`, ids and counts.
 */
export async function noteAccessFailing(
  raw: NoteAccessFailingInput,
  deps: DirectoryDeps,
): Promise<{ told: number; unknown: number }> {
  const input = parseInput(noteAccessFailingInput, raw);
  const organisation = await deps.uow.read.organisations.findByTenant(input.platform, input.tenantId);
  if (!organisation) return { told: 0, unknown: 0 };
  const admins = await deps.uow.read.organisationAdmins.list(organisation.id);
  const profiles: PlatformProfile[] = [];
  let unknown = 0;
  for (const admin of admins) {
    const known = await deps.uow.read.people.findByPlatformUser(organisation.id, admin.platformUserId);
    if (known) continue;
    const profile = await deps.directory.lookup(admin.platformUserId).catch(() => undefined);
    if (profile && !profile.deleted && !profile.isBot) profiles.push(profile);
    else unknown += 1;
  }
  return inTransaction(deps, async (unit) => {
    for (const profile of profiles) await ensurePerson(unit.repos, deps, organisation.id, profile);
    let told = 0;
    for (const admin of await unit.repos.organisationAdmins.list(organisation.id)) {
      const person = await unit.repos.people.findByPlatformUser(organisation.id, admin.platformUserId);
      if (!person) continue;
      await unit.send(
        accessRenewalFailingForHr(person.id, input.failures),
        `access-failing:${person.id}:${input.streak}`,
      );
      told += 1;
    }
    await unit.audit({
      engagementId: null,
      actorId: null,
      action: 'access_renewal_failing',
      details: { organisationId: organisation.id, failures: input.failures, told, unknown },
    });
    return { told, unknown };
  });
}
