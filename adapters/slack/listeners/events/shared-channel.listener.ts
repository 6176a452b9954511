import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { acceptCoachInvitation } from '../../../../src/use-cases/invitations/accept-coach-invitation.js';
import { invitationDeclined } from '../../../../src/use-cases/invitations/invitation-declined.js';
import type { SlackDeps } from '../../slack-deps.js';

const id = z.string().min(1).max(255);
const acceptedEvent = z.object({
  invite: z.object({ id }),
  approval_required: z.boolean().optional(),
  accepting_user: z.object({ id }),
});
const approvedEvent = z.object({ invite: z.object({ id, recipient_user_id: id.optional() }) });
const declinedEvent = z.object({ invite: z.object({ id }) });

/** The workspace the app is installed in (the inviting side), as Bolt authorised the event. */
const tenantOf = (context: { teamId?: string | undefined }, body: unknown) =>
  context.teamId ?? (body as { team_id?: string }).team_id;

/**
 * `shared_channel_invite_accepted`: the invitee of a Slack Connect invitation Triad sent accepted it. Without an
 * approval to wait for, they become the engagement's coach; otherwise Triad remembers who they are and waits for
 * `shared_channel_invite_approved` (or their joining the channel).
 */
export function sharedInviteAccepted(
  deps: SlackDeps,
): Middleware<SlackEventMiddlewareArgs<'shared_channel_invite_accepted'>> {
  return async ({ event, body, context }) => {
    const parsed = acceptedEvent.safeParse(event);
    const tenantId = tenantOf(context, body);
    if (!parsed.success || !tenantId) return;
    const { accepted } = await acceptCoachInvitation(
      {
        platform: 'slack',
        tenantId,
        platformUserId: parsed.data.accepting_user.id,
        inviteId: parsed.data.invite.id,
        awaitingApproval: parsed.data.approval_required === true,
      },
      deps.core,
    );
    if (accepted) deps.logger.info({ inviteId: parsed.data.invite.id }, 'invited coach accepted');
  };
}

/** `shared_channel_invite_approved`: the approval an accepted invitation waited for came. */
export function sharedInviteApproved(
  deps: SlackDeps,
): Middleware<SlackEventMiddlewareArgs<'shared_channel_invite_approved'>> {
  return async ({ event, body, context }) => {
    const parsed = approvedEvent.safeParse(event);
    const tenantId = tenantOf(context, body);
    const invitee = parsed.success ? parsed.data.invite.recipient_user_id : undefined;
    if (!parsed.success || !tenantId || !invitee) return;
    await acceptCoachInvitation(
      { platform: 'slack', tenantId, platformUserId: invitee, inviteId: parsed.data.invite.id },
      deps.core,
    );
  };
}

/** `shared_channel_invite_declined`: HR is told; nothing else changes. */
export function sharedInviteDeclined(
  deps: SlackDeps,
): Middleware<SlackEventMiddlewareArgs<'shared_channel_invite_declined'>> {
  return async ({ event, body, context }) => {
    const parsed = declinedEvent.safeParse(event);
    const tenantId = tenantOf(context, body);
    if (!parsed.success || !tenantId) return;
    const { refused } = await invitationDeclined(
      { platform: 'slack', tenantId, inviteId: parsed.data.invite.id },
      deps.core,
    );
    if (refused) deps.logger.info({ inviteId: parsed.data.invite.id }, 'coach invitation declined');
  };
}
