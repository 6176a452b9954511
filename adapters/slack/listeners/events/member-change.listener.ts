import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { acceptCoachInvitation } from '../../../../src/use-cases/invitations/accept-coach-invitation.js';
import { noteMemberChange } from '../../../../src/use-cases/spaces/note-member-change.js';
import type { SlackDeps } from '../../slack-deps.js';

const memberEvent = z.object({
  user: z.string().min(1).max(255),
  channel: z.string().min(1).max(255),
  team: z.string().max(255).optional(),
});

/**
 * `member_joined_channel` / `member_left_channel`: Slack reports who is in a channel; the core's space rule
 * decides what that means for an engagement space. The bot's own joins are not news.
 */
export function memberChange(
  deps: SlackDeps,
  change: 'joined' | 'left',
): Middleware<SlackEventMiddlewareArgs<'member_joined_channel' | 'member_left_channel'>> {
  return async ({ event, body, context }) => {
    const parsed = memberEvent.safeParse(event);
    if (!parsed.success || parsed.data.user === context.botUserId) return;
    // The installing workspace (a Slack Connect member's own team is in `team`).
    const tenantId = context.teamId ?? (body as { team_id?: string }).team_id ?? parsed.data.team;
    if (!tenantId) return;
    // A coach invited by e-mail joining an invited space becomes the coach first, so they are no stranger there.
    if (change === 'joined') {
      await acceptCoachInvitation(
        {
          platform: 'slack',
          tenantId,
          platformUserId: parsed.data.user,
          address: { channel: parsed.data.channel },
        },
        deps.core,
      );
    }
    const { spaces } = await noteMemberChange(
      {
        platform: 'slack',
        tenantId,
        address: { channel: parsed.data.channel },
        platformUserId: parsed.data.user,
        change,
      },
      deps.core,
    );
    if (spaces > 0) deps.logger.info({ change, spaces }, 'Slack space membership changed');
  };
}
