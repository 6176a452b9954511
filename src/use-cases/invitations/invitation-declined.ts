import { z } from 'zod';
import { platforms } from '../../engagement/records.js';
import { inTransaction } from '../../outbox/unit.js';
import type { CoreDeps } from '../deps.js';
import { refuseCoachInvitation } from './refuse-coach-invitation.js';

export const invitationDeclinedInput = z.object({
  platform: z.enum(platforms),
  tenantId: z.string().min(1).max(100),
  inviteId: z.string().min(1).max(100),
});
export type InvitationDeclinedInput = z.infer<typeof invitationDeclinedInput>;

/**
 * The invitee (or their organisation) declined an invitation Triad sent: the invitation ends as refused and HR is
 * told; nothing else changes. An invite id of no pending invitation of this organisation changes nothing.
 */
export async function invitationDeclined(
  raw: InvitationDeclinedInput,
  deps: CoreDeps,
): Promise<{ refused: boolean }> {
  const input = invitationDeclinedInput.parse(raw);
  const organisation = await deps.uow.read.organisations.findByTenant(input.platform, input.tenantId);
  if (!organisation) return { refused: false };
  const invitation = (await deps.uow.read.coachInvitations.listPending(organisation.id)).find((candidate) =>
    candidate.invites.some((invite) => invite.inviteId === input.inviteId),
  );
  if (!invitation) return { refused: false };
  const refused = await inTransaction(deps, (unit) =>
    refuseCoachInvitation(unit, { invitationId: invitation.id, code: 'declined' }, deps.clock.now()),
  );
  return { refused };
}
