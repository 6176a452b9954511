import { invitationRefusedForHr } from '../../messages/compose/coach-invitation.js';
import type { Unit } from '../../outbox/unit.js';

/**
 * The platform refused to send an invitation (plan, policy, token type) or the invitee declined it: the
 * invitation ends as refused with the platform's code, and HR is told in words what happened and who can change
 * it. Nothing else changes: the engagement keeps waiting without a coach. A second refusal (the other space's
 * invitation) changes nothing more. Runs inside the caller's transaction.
 */
export async function refuseCoachInvitation(
  unit: Unit,
  refusal: { invitationId: string; code: string },
  now: Date,
): Promise<boolean> {
  const { repos } = unit;
  const invitation = await repos.coachInvitations.get(refusal.invitationId);
  if (invitation?.state !== 'pending') return false;
  const code = refusal.code.replace(/[^a-z0-9_]/gi, '').slice(0, 60) || 'unknown';
  await repos.coachInvitations.update({
    ...invitation,
    state: 'refused',
    refusal: code,
    version: invitation.version + 1,
    updatedAt: now,
  });
  const engagement = await repos.engagements.get(invitation.engagementId);
  const client = engagement && (await repos.people.get(engagement.clientId));
  await unit.send(
    invitationRefusedForHr(
      invitation.engagementId,
      invitation.createdById,
      client?.displayName ?? 'the client',
      invitation.email,
      code,
    ),
    `engagement:${invitation.engagementId}:invitation:${invitation.id}:refused`,
  );
  await unit.audit({
    engagementId: invitation.engagementId,
    actorId: null,
    action: 'coach_invitation_refused',
    details: { invitationId: invitation.id, code },
  });
  return true;
}
