import type { Middleware, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { runParsed } from '../../../../src/commands/run-command.js';
import { slackDialect } from '../../commands/slack-dialect.js';
import { readFormMetadata, readFormValues } from '../../render/form.js';
import { present, type ReplyTarget, respondVia } from '../../reply.js';
import { homeTeamOf, type SlackDeps, slackActor } from '../../slack-deps.js';
import { readStartForm } from '../../views/start-engagement.modal.js';
import { answering } from '../answering.js';

/**
 * The start form's submission: the start command, read and dispatched like `/coaching start …` text. Field
 * problems the form can show are returned with the ack (the modal stays open); otherwise the modal closes and
 * the core's answer goes where the command was typed.
 */
export function startEngagementSubmitted(
  deps: SlackDeps,
): Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>> {
  return async ({ body, view, ack, client, context }) => {
    const read = readStartForm(readFormValues(view.state.values as never));
    if ('errors' in read) {
      await ack({ response_action: 'errors', errors: read.errors });
      return;
    }
    await ack();
    const where = readFormMetadata(view.private_metadata);
    const target: ReplyTarget = {
      client,
      user: body.user.id,
      channel: where.ch,
      respond: where.ru ? respondVia(where.ru) : undefined,
    };
    await answering(target, async () => {
      const actor = slackActor(
        context.teamId ?? body.team?.id ?? view.team_id,
        body.user.id,
        homeTeamOf(body.user.team_id, body.enterprise),
      );
      const outcome = await runParsed(read.command, actor, deps.core, slackDialect);
      if ('reply' in outcome) await present(target, undefined, outcome.reply);
    });
  };
}
