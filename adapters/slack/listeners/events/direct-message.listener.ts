import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { readsAsCommand } from '../../../../src/commands/parse-command.js';
import { runCommand } from '../../../../src/commands/run-command.js';
import type { Actor } from '../../../../src/use-cases/actor.js';
import {
  type DirectMessageOutcome,
  routeDirectMessage,
} from '../../../../src/use-cases/direct-messages/route-direct-message.js';
import { slackDialect } from '../../commands/slack-dialect.js';
import { SlackInputError } from '../../errors.js';
import { type ReplyTarget, replyWith } from '../../reply.js';
import { homeTeamOf, type SlackDeps, slackActor } from '../../slack-deps.js';
import { answering } from '../answering.js';

interface DirectMessage {
  channel?: string;
  channel_type?: string;
  user?: string;
  text?: string;
  ts?: string;
  subtype?: string;
  bot_id?: string;
  /** Slack Connect: the sender's own team when it is not the workspace's. */
  user_team?: string;
}

/** Slack sends typed text with `&`, `<` and `>` escaped; the core stores what the person typed. */
export const unescapeSlackText = (text: string) =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * An HR command typed in the DM, read by the `/coaching` grammar from the text as Slack sent it (mentions are
 * `<@U…>` there, as in a slash command). The start form needs the trigger of a slash command or a click.
 */
async function dmHrCommand(slackText: string, actor: Actor, deps: SlackDeps) {
  const outcome = await runCommand(slackText, actor, deps.core, slackDialect);
  if ('form' in outcome) {
    throw new SlackInputError(
      'The start form opens from the slash command.',
      'Type `/coaching start`, or name everyone here: `start client:@jane sponsor:@sam coach:@kim`.',
    );
  }
  return outcome.reply;
}

type Outcome = DirectMessageOutcome<Awaited<ReturnType<typeof dmHrCommand>>>;

/** Every outcome is an ephemeral reply; the goal and profile forms, which need a click to open, come as their button. */
const replyOf = (outcome: Outcome) => {
  switch (outcome.meaning) {
    case 'hr_command':
      return outcome.result;
    case 'goal_form':
    case 'profile_form':
      return outcome.opener;
    default:
      return outcome.reply;
  }
};

/**
 * A message typed in someone's DM with Triad: the core decides what it means for the sender (help, an HR
 * command, the client's words, their reflection answer, a sponsor's request to post in a sponsor thread) and
 * this listener shows the answer ephemerally. An export's file is uploaded to the DM (`files.uploadV2`).
 */
export function directMessage(deps: SlackDeps): Middleware<SlackEventMiddlewareArgs<'message'>> {
  return async ({ message, body, client, context }) => {
    const m = message as DirectMessage;
    if (m.channel_type !== 'im' || m.subtype !== undefined || m.bot_id || !m.user || !m.channel) return;
    const user = m.user;
    const target: ReplyTarget = { client, user, channel: m.channel };
    await answering(target, async () => {
      const envelope = body as { team_id?: string; enterprise_id?: string | null };
      const actor = slackActor(
        context.teamId ?? envelope.team_id,
        user,
        homeTeamOf(m.user_team, envelope.enterprise_id ?? context.enterpriseId),
      );
      const outcome = await routeDirectMessage(
        { actor, text: unescapeSlackText(m.text ?? ''), requestKey: `slack:${m.channel}:${m.ts}` },
        {
          ...deps.core,
          runHrCommand: () => dmHrCommand(m.text ?? '', actor, deps),
          readsAsHrCommand: () => readsAsCommand(m.text ?? '', slackDialect),
        },
      );
      await replyWith(target, replyOf(outcome));
    });
  };
}
