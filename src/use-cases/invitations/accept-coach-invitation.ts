import { z } from 'zod';
import type { CoachInvitation } from '../../engagement/coach-invitation.js';
import { isLive } from '../../engagement/lifecycle.js';
import { platforms } from '../../engagement/records.js';
import { invitationAcceptedForHr } from '../../messages/compose/coach-invitation.js';
import { coachChosen } from '../../messages/compose/matching-choice.js';
import { inTransaction } from '../../outbox/unit.js';
import type { PlatformProfile } from '../../ports/directory.js';
import { addressKey } from '../../spaces/space-membership.js';
import { type DirectoryDeps, hasHrRights } from '../deps.js';
import { ensurePerson } from '../people.js';
import { openCoachingSpace } from '../shared/coaching-space.js';
import { updateEngagement } from '../shared/engagement-update.js';
import { refuseCoachInvitation } from './refuse-coach-invitation.js';

export const acceptCoachInvitationInput = z.object({
  platform: z.enum(platforms),
  /** The organisation the invitation was sent from (the workspace that installed Triad). */
  tenantId: z.string().min(1).max(100),
  /** Who accepted or joined: a user of another team, as the platform names them. */
  platformUserId: z.string().min(1).max(100),
  /** The platform's invite id, when its event names the invitation (Slack: `shared_channel_invite_accepted`). */
  inviteId: z.string().min(1).max(100).optional(),
  /** The space's address, when the event is a member joining it (Slack: `member_joined_channel`). */
  address: z.unknown().optional(),
  /** The invitee accepted, but their organisation must approve first: who they are is remembered, nothing more. */
  awaitingApproval: z.boolean().default(false),
});
export type AcceptCoachInvitationInput = z.input<typeof acceptCoachInvitationInput>;

/**
 * The invitee of a pending invitation accepted it or joined one of its spaces: they become a person of the
 * organisation (with their own home team), the engagement's coach, and the engagement carries on exactly as if
 * HR had named them at the start: the coaching space (opened for them) is theirs, both spaces welcome them, a
 * kickoff already held moves on to the alignment meeting. Someone joining an invited space is taken for the
 * invitee only when the platform's acceptance named them or their e-mail is the invited address, so a stranger
 * added to the channel never becomes the coach. Anything that matches no pending invitation changes nothing. An
 * invitee who has HR rights over the organisation by the time they join (made an admin meanwhile) never coaches
 * in it: the invitation ends refused (`hr_admin`) and HR is told.
 */
export async function acceptCoachInvitation(
  raw: AcceptCoachInvitationInput,
  deps: DirectoryDeps,
): Promise<{ accepted: boolean }> {
  const input = acceptCoachInvitationInput.parse(raw);
  const read = deps.uow.read;
  const organisation = await read.organisations.findByTenant(input.platform, input.tenantId);
  if (!organisation) return { accepted: false };
  const key = input.address === undefined ? undefined : addressKey(input.platform, input.address);
  const named = (invitation: CoachInvitation) =>
    input.inviteId !== undefined && invitation.invites.some((i) => i.inviteId === input.inviteId);
  const invitation = (await read.coachInvitations.listPending(organisation.id)).find(
    (candidate) =>
      named(candidate) || candidate.invites.some((i) => key !== undefined && i.addressKey === key),
  );
  if (!invitation) return { accepted: false };
  const profile = await deps.directory.lookup(input.platformUserId);
  if (!profile || profile.deleted || profile.isBot || !isInvitee(invitation, profile, named(invitation)))
    return { accepted: false };
  const now = deps.clock.now();
  if (input.awaitingApproval) {
    await deps.uow.transaction(async (repos) => {
      const current = await repos.coachInvitations.get(invitation.id);
      if (current?.state !== 'pending') return;
      await repos.coachInvitations.update({
        ...current,
        platformUserId: profile.platformUserId,
        version: current.version + 1,
        updatedAt: now,
      });
    });
    return { accepted: false };
  }
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const current = await repos.coachInvitations.get(invitation.id);
    const engagement = await repos.engagements.getForUpdate(invitation.engagementId);
    if (current?.state !== 'pending' || !engagement) return { accepted: false };
    const invitee = {
      platform: input.platform,
      tenantId: input.tenantId,
      platformUserId: profile.platformUserId,
    };
    if (await hasHrRights(deps, invitee, repos)) {
      await refuseCoachInvitation(unit, { invitationId: current.id, code: 'hr_admin' }, now);
      return { accepted: false };
    }
    const coach = await ensurePerson(repos, deps, organisation.id, profile);
    await repos.coachInvitations.update({
      ...current,
      state: 'accepted',
      platformUserId: profile.platformUserId,
      personId: coach.id,
      version: current.version + 1,
      updatedAt: now,
    });
    const client = await repos.people.get(engagement.clientId);
    const outsider = coach.id !== engagement.clientId && coach.id !== engagement.sponsorId;
    if (!client || !outsider || engagement.coachId || !isLive(engagement.stage)) return { accepted: false };
    // As if named at the start: during the kickoff nothing moves; a kickoff held without a coach moves on.
    const moved = (stage: typeof engagement.stage) => (stage === 'coach_matching' ? 'alignment' : stage);
    const updated = await updateEngagement(
      repos,
      engagement,
      {
        coachId: coach.id,
        coachShortlist: [coach.id],
        stage: moved(engagement.stage),
        pausedStage: engagement.pausedStage && moved(engagement.pausedStage),
      },
      now,
    );
    await openCoachingSpace(unit, deps, updated, client, coach);
    if (updated.stage === 'alignment' && engagement.stage === 'coach_matching') {
      // The kickoff was held without a coach: the client hears, as on choosing one, that the alignment is next.
      const meetings = await repos.meetings.listByEngagement(engagement.id);
      const alignment = meetings.find((m) => m.kind === 'alignment' && m.status === 'unscheduled');
      await unit.send(coachChosen(updated, coach, alignment), `engagement:${engagement.id}:coach-chosen`);
    }
    await unit.send(
      invitationAcceptedForHr(engagement.id, current.createdById, client.displayName, coach.displayName),
      `engagement:${engagement.id}:invitation:${current.id}:accepted`,
    );
    await unit.audit({
      engagementId: engagement.id,
      actorId: coach.id,
      action: 'coach_invitation_accepted',
      details: { invitationId: current.id, stage: updated.stage },
    });
    unit.touch(engagement.id);
    return { accepted: true };
  });
}

const isInvitee = (invitation: CoachInvitation, profile: PlatformProfile, named: boolean) =>
  named ||
  invitation.platformUserId === profile.platformUserId ||
  (profile.email !== undefined && profile.email.toLowerCase() === invitation.email);
