import { z } from 'zod';
import { platforms } from '../../engagement/records.js';
import { workspaceReturnedForHr } from '../../messages/compose/workspace-returned.js';
import { inTransaction } from '../../outbox/unit.js';
import type { CoreDeps } from '../deps.js';
import { parseInput } from '../shared/parse-input.js';

export const noteReinstalledInput = z.object({
  platform: z.enum(platforms),
  /** The workspace or tenant that installed Triad again. */
  tenantId: z.string().min(1).max(100),
  /** The codes its deliveries were held with while it was away (uninstalled, tokens revoked). */
  heldCodes: z.array(z.string().min(1).max(100)).min(1).max(10),
});
export type NoteReinstalledInput = z.input<typeof noteReinstalledInput>;

/**
 * A workspace that had removed Triad (or revoked its tokens) installed it again: the deliveries held meanwhile go
 * out now instead of at their next look, and each of the organisation's HR admins Triad knows as a person is told
 * in their DM, with the count of messages resuming only. Audited as `workspace_reinstalled`.
 */
export async function noteReinstalled(
  raw: NoteReinstalledInput,
  deps: CoreDeps,
): Promise<{ resumed: number; told: number }> {
  const input = parseInput(noteReinstalledInput, raw);
  const organisation = await deps.uow.read.organisations.findByTenant(input.platform, input.tenantId);
  if (!organisation) return { resumed: 0, told: 0 };
  return inTransaction(deps, async (unit) => {
    const now = deps.clock.now();
    const resumed = await unit.repos.heldDeliveries.release(organisation.id, input.heldCodes, now);
    let told = 0;
    for (const admin of await unit.repos.organisationAdmins.list(organisation.id)) {
      const person = await unit.repos.people.findByPlatformUser(organisation.id, admin.platformUserId);
      if (!person) continue;
      await unit.send(
        workspaceReturnedForHr(person.id, resumed),
        `reinstalled:${person.id}:${now.toISOString()}`,
      );
      told += 1;
    }
    await unit.audit({
      engagementId: null,
      actorId: null,
      action: 'workspace_reinstalled',
      details: { organisationId: organisation.id, resumed, told },
    });
    return { resumed, told };
  });
}
