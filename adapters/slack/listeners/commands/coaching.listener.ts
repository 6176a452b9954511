import type { Middleware, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { helpBlocks } from '../../commands/help.js';
import { parseCoachingCommand } from '../../commands/parse-coaching-command.js';
import {
  commandKey,
  hrCommandIn,
  type QueuedCommand,
  runCoachingHrCommand,
} from '../../commands/queued-command.js';
import { claimRequest } from '../../dedupe.js';
import type { ReplyTarget } from '../../reply.js';
import type { SlackDeps } from '../../slack-deps.js';
import { startEngagementModal } from '../../views/start-engagement.modal.js';
import { answering } from '../answering.js';

type CommandArgs = SlackCommandMiddlewareArgs;

const queued = (command: CommandArgs['command']): QueuedCommand => ({
  teamId: command.team_id ?? null,
  userId: command.user_id,
  channelId: command.channel_id,
  text: command.text,
  triggerId: command.trigger_id,
  responseUrl: command.response_url,
});

/**
 * `/coaching …` for HR, within Slack's 3-second limit. With an inbound queue, a command that needs the database
 * is queued and acknowledged (a worker runs it and answers through the response_url); if it cannot be queued,
 * or there is no queue, it is claimed, acknowledged and run here. Help, the start form and bad input are
 * answered here at once, ephemerally.
 */
export function coachingCommand(deps: SlackDeps): Middleware<CommandArgs> {
  return async ({ command, ack, respond, client }) => {
    const hrCommand = hrCommandIn(command.text);
    if (hrCommand && deps.commands) {
      try {
        await deps.commands.enqueue(queued(command));
        await ack();
        return;
      } catch (error) {
        deps.logger.warn({ err: (error as Error)?.name }, 'could not queue a Slack command; running it here');
      }
    }
    if (deps.commands && !(await claimRequest(deps, commandKey(command.trigger_id)))) {
      await ack();
      return;
    }
    await ack();
    const target: ReplyTarget = { client, respond, user: command.user_id, channel: command.channel_id };
    await answering(target, async () => {
      const parsed = hrCommand ?? parseCoachingCommand(command.text);
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
      const who = { teamId: command.team_id, userId: command.user_id, triggerId: command.trigger_id };
      await runCoachingHrCommand(parsed, who, target, deps);
    });
  };
}
