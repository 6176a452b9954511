import type { BlockAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { needsPickedTime, type PickedTime, runAction } from '../../../../src/controls/controls.js';
import { SlackInputError } from '../../errors.js';
import { controlValue } from '../../render/controls.js';
import { present, type ReplyTarget } from '../../reply.js';
import { homeTeamOf, type SlackDeps, slackActor } from '../../slack-deps.js';
import { SESSION_CALLBACK, sessionScheduleModal } from '../../views/session-schedule.modal.js';
import { answering } from '../answering.js';

/** The parts of a block action Triad reads: ids only, and a picked time as epoch seconds. */
const actionShape = z.object({
  action_id: z.string().min(1).max(255),
  type: z.string().optional(),
  value: z.string().max(2000).optional(),
  block_id: z.string().max(255).optional(),
  selected_option: z.object({ value: z.string().max(150) }).nullish(),
  selected_date_time: z.number().int().positive().nullish(),
});

/**
 * Buttons that need a time Slack cannot pick inline: they open a modal with a date-time picker, whose submission
 * is the control table's form of the same id.
 */
const pickerModals: Readonly<Record<string, typeof sessionScheduleModal>> = {
  [SESSION_CALLBACK]: sessionScheduleModal,
};

/** Reads a picked instant as the local date-time and zone the core expects, in the person's Slack zone. */
export async function localPick(deps: SlackDeps, userId: string, epochSeconds: number): Promise<PickedTime> {
  const zone = (await deps.core.directory.lookup(userId))?.timeZone ?? 'UTC';
  const local = DateTime.fromSeconds(epochSeconds, { zone });
  return { localDateTime: local.toFormat("yyyy-MM-dd'T'HH:mm"), timeZone: zone };
}

/**
 * Slack's one way in for buttons and pickers, registered for each action id of the control table: ack, read the
 * payload with zod, and run the table's use case for the id; its answer goes to the person who clicked
 * (ephemeral message, or a modal when the core returns a form). Slack's own part: the picked epoch becomes a
 * local date-time in the person's zone, and a button that needs a time Slack cannot pick inline opens a modal.
 */
export function onAction(deps: SlackDeps): Middleware<SlackActionMiddlewareArgs<BlockAction>> {
  return async ({ ack, body, action, respond, client, context }) => {
    await ack();
    const target: ReplyTarget = {
      client,
      user: body.user.id,
      channel: body.channel?.id ?? body.container?.channel_id,
      respond: body.response_url ? respond : undefined,
    };
    await answering(target, async () => {
      const parsed = actionShape.safeParse(action);
      const value = parsed.success ? controlValue(parsed.data) : undefined;
      if (!parsed.success || value === undefined) {
        throw new SlackInputError(
          'That button did not carry what Triad needs. Try again from a fresh message.',
        );
      }
      const actionId = parsed.data.action_id;
      const pickedAt = parsed.data.selected_date_time ?? undefined;
      const modal = pickerModals[actionId];
      if (modal && pickedAt === undefined) {
        await client.views.open({
          trigger_id: body.trigger_id,
          view: modal(value, target.channel ? { ch: target.channel } : {}),
        });
        deps.logger.info({ action: actionId }, 'Slack action opened a picker');
        return;
      }
      const picked =
        needsPickedTime(actionId) && pickedAt !== undefined
          ? await localPick(deps, body.user.id, pickedAt)
          : undefined;
      const answer = await runAction(
        actionId,
        {
          actor: slackActor(
            context.teamId ?? body.team?.id ?? body.user.team_id,
            body.user.id,
            homeTeamOf(body.user.team_id, body.enterprise),
          ),
          value,
          picked,
        },
        deps.core,
      );
      deps.logger.info({ action: actionId }, 'Slack action handled');
      const shown = answer.form ?? answer.reply;
      if (shown) await present(target, body.trigger_id, shown);
    });
  };
}
