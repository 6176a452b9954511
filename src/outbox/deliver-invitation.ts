import type { InvitationPayload } from '../messages/serialize.js';
import { DeliveryError } from '../ports/messenger.js';
import { addressKey, inGuardTransaction, type SpaceGuardDeps } from '../spaces/space-membership.js';
import { refuseCoachInvitation } from '../use-cases/invitations/refuse-coach-invitation.js';
import type { SpaceTarget } from './delivery-address.js';

/**
 * Delivers an invitation entry: asks the platform to invite the invitation's address to the (opened) space and
 * records the invite id with the space's address on the invitation, so the platform's events about it can be
 * matched. An invitation no longer pending, or already sent for this space, is not sent again. A permanent
 * refusal by the platform ends the invitation as refused and tells HR; the entry is then done (nothing to retry).
 * A temporary failure is thrown, for delivery to retry.
 */
export async function performInvitation(
  payload: InvitationPayload,
  target: SpaceTarget,
  deps: SpaceGuardDeps,
): Promise<string | null> {
  const invitation = await deps.uow.read.coachInvitations.get(payload.invitationId);
  if (invitation?.state !== 'pending' || invitation.engagementId !== payload.engagementId) return null;
  const sent = invitation.invites.find((invite) => invite.space === payload.space);
  if (sent) return sent.inviteId;
  let inviteId: string;
  try {
    if (!target.messenger.inviteByEmail) throw new DeliveryError('invite_unsupported', false);
    inviteId = await target.messenger.inviteByEmail(target.address, invitation.email);
  } catch (error) {
    if (!(error instanceof DeliveryError) || error.retryable) throw error;
    await inGuardTransaction(deps, (unit) =>
      refuseCoachInvitation(unit, { invitationId: invitation.id, code: error.code }, deps.clock.now()),
    );
    deps.logger.warn(
      { engagementId: invitation.engagementId, code: error.code },
      'coach invitation refused by the platform',
    );
    return null;
  }
  const key = addressKey(target.messenger.platform, target.address);
  await deps.uow.transaction(async (repos) => {
    const current = await repos.coachInvitations.get(invitation.id);
    if (!current || current.invites.some((invite) => invite.space === payload.space)) return;
    await repos.coachInvitations.update({
      ...current,
      invites: [...current.invites, { space: payload.space, addressKey: key, inviteId }],
      version: current.version + 1,
      updatedAt: deps.clock.now(),
    });
  });
  return inviteId;
}
