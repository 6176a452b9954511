import type { BlockAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Gated } from '../../../../src/confidentiality/outbound-gate.js';
import type { Form, OutboundMessage } from '../../../../src/messages/message.js';
import type { Actor } from '../../../../src/use-cases/actor.js';
import { SlackInputError } from '../../errors.js';
import { controlValue } from '../../render/controls.js';
import { present, type ReplyTarget } from '../../reply.js';
import { type SlackDeps, slackActor } from '../../slack-deps.js';
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

export interface ActionContext {
  actor: Actor;
  userId: string;
  triggerId: string;
  /** The id the control carried (button value, option value, or the picker's block id). */
  value: string;
  /** A picked date-time, when the control was a picker. */
  pickedAt: number | undefined;
  target: ReplyTarget;
}

export type ActionResult = { reply: Gated<OutboundMessage> | Gated<Form> } | undefined;

/** Reads a picked instant as the local date-time and zone the core expects, in the person's Slack zone. */
export async function localPick(deps: SlackDeps, userId: string, epochSeconds: number | undefined) {
  if (epochSeconds === undefined) throw new SlackInputError('Pick a date and time first.');
  const zone = (await deps.core.directory.lookup(userId))?.timeZone ?? 'UTC';
  const local = DateTime.fromSeconds(epochSeconds, { zone });
  return { localDateTime: local.toFormat("yyyy-MM-dd'T'HH:mm"), timeZone: zone };
}

/**
 * Every block action goes the same way: ack, parse the payload with zod, run one core use case, and show its
 * answer to the person who clicked (ephemeral message, or a modal when the core returns a form).
 */
export function onAction(
  deps: SlackDeps,
  handle: (ctx: ActionContext) => Promise<ActionResult>,
): Middleware<SlackActionMiddlewareArgs<BlockAction>> {
  return async ({ ack, body, action, respond, client }) => {
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
      const result = await handle({
        actor: slackActor(body.team?.id ?? body.user.team_id, body.user.id),
        userId: body.user.id,
        triggerId: body.trigger_id,
        value,
        pickedAt: parsed.data.selected_date_time ?? undefined,
        target,
      });
      deps.logger.info({ action: parsed.data.action_id }, 'Slack action handled');
      if (result) await present(target, body.trigger_id, result.reply);
    });
  };
}
