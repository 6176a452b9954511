import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
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
    const tenantId = (body as { team_id?: string }).team_id ?? parsed.data.team;
    if (!tenantId) return;
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
