import type * as webApi from '@slack/web-api';
import { z } from 'zod';
import { type ParsedCommand, parseCommand } from '../../../src/commands/parse-command.js';
import { runParsed } from '../../../src/commands/run-command.js';
import { claimRequest } from '../dedupe.js';
import { answering } from '../listeners/answering.js';
import { present, type ReplyTarget, respondVia } from '../reply.js';
import { type SlackDeps, slackActor } from '../slack-deps.js';
import { slackDialect } from './slack-dialect.js';

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

/** A command the grammar read from Slack text; people are Slack user ids. */
export type SlackCommand = ParsedCommand<string>;

/**
 * The HR subcommand `text` stands for, when it is one whose use case reads or writes the database (so worth
 * queueing); undefined for help, the start form and text that does not parse (answered at once by the listener).
 */
export function hrCommandIn(text: string): SlackCommand | undefined {
  try {
    const parsed = parseCommand(text, slackDialect);
    return parsed.kind === 'form' || parsed.spec.name === 'help' ? undefined : parsed;
  } catch {
    return undefined;
  }
}

/**
 * Runs a parsed command through the one dispatcher as `userId` of `teamId` and shows them its reply; a form
 * command typed alone gets `openForm` (Slack opens its modal with the trigger id).
 */
export async function runCoachingCommand(
  command: SlackCommand,
  who: { teamId: string | null | undefined; userId: string; triggerId: string },
  target: ReplyTarget,
  deps: SlackDeps,
  openForm?: (form: string) => Promise<void>,
): Promise<void> {
  const outcome = await runParsed(command, slackActor(who.teamId, who.userId), deps.core, slackDialect);
  if ('form' in outcome) {
    if (!openForm) throw new Error(`the ${outcome.form} form cannot be opened from here`);
    await openForm(outcome.form);
    return;
  }
  deps.logger.info(
    { command: outcome.command, engagementId: outcome.engagementId },
    'coaching command handled',
  );
  await present(target, who.triggerId, outcome.reply);
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
    await runCoachingCommand(command, queued, target, deps);
  });
}
