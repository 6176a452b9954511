import type { CoachInvitation } from '../../engagement/coach-invitation.js';
import type { Engagement, Person } from '../../engagement/records.js';
import {
  invitationPendingForClient,
  invitationPendingForHr,
} from '../../messages/compose/coach-invitation.js';
import type { Unit } from '../../outbox/unit.js';
import type { CoreDeps } from '../deps.js';
import { insertCoachingSpace } from '../shared/coaching-space.js';

/**
 * Part of starting an engagement whose coach HR named by an e-mail address outside the workspace: the coaching
 * space opens now, without its coach (nothing is written to it until they join); the invitation is stored and
 * queued for the coaching and the sponsor space (delivery opens each and asks the platform to invite the
 * address); HR and the client are told it is pending. Runs inside the start's transaction.
 */
export async function inviteCoachByEmail(
  unit: Unit,
  deps: CoreDeps,
  triad: { engagement: Engagement; client: Person; hr: Person; email: string },
): Promise<CoachInvitation> {
  const { engagement, client, hr, email } = triad;
  const { repos } = unit;
  const now = deps.clock.now();
  await insertCoachingSpace(repos, deps, engagement, null);
  const invitation: CoachInvitation = {
    id: deps.ids.newId(),
    organisationId: engagement.organisationId,
    engagementId: engagement.id,
    email,
    state: 'pending',
    invites: [],
    platformUserId: null,
    personId: null,
    refusal: null,
    createdById: hr.id,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await repos.coachInvitations.insert(invitation);
  const key = `engagement:${engagement.id}:invitation:${invitation.id}`;
  for (const space of ['sponsor', 'coaching'] as const) {
    await unit.invite(
      { type: 'invitation', engagementId: engagement.id, space, invitationId: invitation.id },
      `${key}:${space}`,
    );
  }
  await unit.send(invitationPendingForClient(engagement.id, email), `${key}:pending:client`);
  await unit.send(
    invitationPendingForHr(engagement.id, hr.id, client.displayName, email),
    `${key}:pending:hr`,
  );
  await unit.audit({
    engagementId: engagement.id,
    actorId: hr.id,
    action: 'coach_invited',
    details: { invitationId: invitation.id },
  });
  return invitation;
}
