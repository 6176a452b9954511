import type { Middleware, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseCommand } from '../../../../src/commands/parse-command.js';
import {
  commandKey,
  hrCommandIn,
  type QueuedCommand,
  runCoachingCommand,
} from '../../commands/queued-command.js';
import { slackDialect } from '../../commands/slack-dialect.js';
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

/** Hands the command to the inbound queue, when there is one and it takes it. */
async function queuedForWorker(deps: SlackDeps, command: CommandArgs['command']): Promise<boolean> {
  if (!deps.commands) return false;
  try {
    await deps.commands.enqueue(queued(command));
    return true;
  } catch (error) {
    deps.logger.warn({ err: (error as Error)?.name }, 'could not queue a Slack command; running it here');
    return false;
  }
}

/**
 * `/coaching …` for HR: acknowledged at once (Slack's 3-second limit). With an inbound queue, a command that
 * needs the database is queued and a worker runs it and answers through the response_url; if it cannot be
 * queued, or there is no queue, it is claimed and run here. Help, the start form and bad input are answered
 * here, ephemerally.
 */
export function coachingCommand(deps: SlackDeps): Middleware<CommandArgs> {
  return async ({ command, ack, respond, client }) => {
    await ack();
    const hrCommand = hrCommandIn(command.text);
    if (hrCommand && (await queuedForWorker(deps, command))) return;
    if (deps.commands && !(await claimRequest(deps, commandKey(command.trigger_id)))) return;
    const target: ReplyTarget = { client, respond, user: command.user_id, channel: command.channel_id };
    await answering(target, async () => {
      const parsed = hrCommand ?? parseCommand(command.text, slackDialect);
      const who = { teamId: command.team_id, userId: command.user_id, triggerId: command.trigger_id };
      await runCoachingCommand(parsed, who, target, deps, async () => {
        const { defaultWeeks, defaultCadence } = deps.core.settings;
        await client.views.open({
          trigger_id: command.trigger_id,
          view: startEngagementModal(
            { weeks: defaultWeeks, cadence: defaultCadence },
            { ch: command.channel_id, ru: command.response_url },
          ),
        });
      });
    });
  };
}
