import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import { claimRequest } from '../dedupe.js';
import { answering } from '../listeners/answering.js';
import { present, type ReplyTarget, respondVia } from '../reply.js';
import { type SlackDeps, slackActor } from '../slack-deps.js';
import { type HrCommand, runHrCommand } from './hr-commands.js';
import { parseCoachingCommand } from './parse-coaching-command.js';

/** The kind of inbound request a queued `/coaching` command is. */
export const QUEUED_COMMAND_KIND = 'slack-command';

/** A `/coaching` command as it waits in the inbound queue: what Slack sent that running it needs. */
export const queuedCommand = z.object({
  teamId: z.string().nullable(),
  userId: z.string().min(1),
  channelId: z.string().min(1),
  text: z.string(),
  triggerId: z.string().min(1),
  responseUrl: z.url(),
});
export type QueuedCommand = z.infer<typeof queuedCommand>;

/** The command's claim in `processed_requests`: the same key the dedupe middleware uses for commands. */
export const commandKey = (triggerId: string) => `slack:command:${triggerId}`;

/**
 * The HR sub-command `text` stands for, when it is one that reads or writes the database (so worth queueing);
 * undefined for help, the start form and text that does not parse (answered at once by the listener).
 */
export function hrCommandIn(text: string): HrCommand | undefined {
  try {
    const parsed = parseCoachingCommand(text);
    return parsed.kind === 'help' || parsed.kind === 'start_form' ? undefined : parsed;
  } catch {
    return undefined;
  }
}

/** Runs one HR sub-command's use case as `userId` of `teamId` and shows them its reply. */
export async function runCoachingHrCommand(
  command: HrCommand,
  who: { teamId: string | null | undefined; userId: string; triggerId: string },
  target: ReplyTarget,
  deps: SlackDeps,
): Promise<void> {
  const result = await runHrCommand(command, slackActor(who.teamId, who.userId), deps.core);
  deps.logger.info(
    { command: command.kind, engagementId: 'engagementId' in result ? result.engagementId : undefined },
    'coaching command handled',
  );
  await present(target, who.triggerId, result.reply);
}

/**
 * The worker's side of a queued `/coaching` command: claims it (a command queued twice runs once), runs its use
 * case and answers through the command's response_url, or ephemerally in its channel once that has expired.
 */
export async function runQueuedCommand(
  payload: unknown,
  deps: SlackDeps,
  client: webApi.WebClient,
): Promise<void> {
  const queued = queuedCommand.parse(payload);
  const target: ReplyTarget = {
    client,
    respond: respondVia(queued.responseUrl),
    user: queued.userId,
    channel: queued.channelId,
  };
  await answering(target, async () => {
    if (!(await claimRequest(deps, commandKey(queued.triggerId)))) {
      deps.logger.info({ key: commandKey(queued.triggerId) }, 'duplicate Slack command ignored');
      return;
    }
    const command = hrCommandIn(queued.text);
    if (!command) throw new Error('a queued command is not an HR command');
    await runCoachingHrCommand(command, queued, target, deps);
  });
}
