import type { Middleware, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { helpBlocks } from '../../commands/help.js';
import { runHrCommand } from '../../commands/hr-commands.js';
import { parseCoachingCommand } from '../../commands/parse-coaching-command.js';
import { present, type ReplyTarget } from '../../reply.js';
import { type SlackDeps, slackActor } from '../../slack-deps.js';
import { startEngagementModal } from '../../views/start-engagement.modal.js';
import { answering } from '../answering.js';

/**
 * `/coaching …` for HR. Acknowledged at once (Slack's 3-second limit); the text is parsed, one core use case
 * runs, and the answer goes back ephemerally through the command's response_url.
 */
export function coachingCommand(deps: SlackDeps): Middleware<SlackCommandMiddlewareArgs> {
  return async ({ command, ack, respond, client }) => {
    await ack();
    const target: ReplyTarget = { client, respond, user: command.user_id, channel: command.channel_id };
    await answering(target, async () => {
      const parsed = parseCoachingCommand(command.text);
      if (parsed.kind === 'help') {
        await respond({ response_type: 'ephemeral', ...helpBlocks() });
        return;
      }
      if (parsed.kind === 'start_form') {
        const { defaultWeeks, defaultCadence } = deps.core.settings;
        await client.views.open({
          trigger_id: command.trigger_id,
          view: startEngagementModal(
            { weeks: defaultWeeks, cadence: defaultCadence },
            { ch: command.channel_id, ru: command.response_url },
          ),
        });
        return;
      }
      const actor = slackActor(command.team_id, command.user_id);
      const result = await runHrCommand(parsed, actor, deps.core);
      deps.logger.info(
        { command: parsed.kind, engagementId: 'engagementId' in result ? result.engagementId : undefined },
        'coaching command handled',
      );
      await present(target, command.trigger_id, result.reply);
    });
  };
}
