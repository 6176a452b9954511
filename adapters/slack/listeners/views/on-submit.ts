import type { Middleware, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { formNeedsPickedTime, runForm } from '../../../../src/controls/controls.js';
import { type FormValue, readFormMetadata, readFormValues } from '../../render/form.js';
import { present, type ReplyTarget, respondVia } from '../../reply.js';
import { homeTeamOf, type SlackDeps, slackActor } from '../../slack-deps.js';
import { PICKED_FIELD } from '../../views/session-schedule.modal.js';
import { localPick } from '../actions/on-action.js';
import { answering } from '../answering.js';

/** The fields a submission carries by field id, as they came; the date-time picker is read apart. */
const submittedFields = (values: Record<string, FormValue>): Record<string, FormValue> =>
  Object.fromEntries(Object.entries(values).filter(([fieldId]) => fieldId !== PICKED_FIELD));

/**
 * Slack's one way in for modal submissions, registered for each form id of the control table (the callback id).
 * A form that needs a time and has none answers inside the modal; otherwise the modal closes at once (ack), the
 * table's use case runs, and its answer goes to the person where they opened the modal (ephemeral).
 */
export function onSubmit(deps: SlackDeps): Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>> {
  return async ({ body, view, ack, client, context }) => {
    const values = readFormValues(view.state.values as never);
    const pickedAt = values[PICKED_FIELD];
    const needsTime = formNeedsPickedTime(view.callback_id);
    if (needsTime && typeof pickedAt !== 'number') {
      await ack({ response_action: 'errors', errors: { [PICKED_FIELD]: 'Pick a date and time.' } });
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
      const picked =
        needsTime && typeof pickedAt === 'number' ? await localPick(deps, body.user.id, pickedAt) : undefined;
      const answer = await runForm(
        view.callback_id,
        {
          actor: slackActor(
            context.teamId ?? body.team?.id ?? view.team_id,
            body.user.id,
            homeTeamOf(body.user.team_id, body.enterprise),
          ),
          context: where.c,
          fields: submittedFields(values),
          requestKey: `slack:view:${view.id}:${view.hash}`,
          picked,
        },
        deps.core,
      );
      deps.logger.info({ view: view.callback_id }, 'Slack form handled');
      const shown = answer.form ?? answer.reply;
      if (shown) await present(target, undefined, shown);
    });
  };
}
