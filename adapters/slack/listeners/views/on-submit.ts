import type { Middleware, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Gated } from '../../../../src/confidentiality/outbound-gate.js';
import type { Form, OutboundMessage } from '../../../../src/messages/message.js';
import type { Actor } from '../../../../src/use-cases/actor.js';
import { type FormMetadata, type FormValue, readFormMetadata, readFormValues } from '../../render/form.js';
import { present, type ReplyTarget, respondVia } from '../../reply.js';
import { type SlackDeps, slackActor } from '../../slack-deps.js';
import { answering } from '../answering.js';

export interface SubmitContext {
  actor: Actor;
  userId: string;
  /** Submitted values by field id. */
  values: Record<string, FormValue>;
  /** The ids the form carried (`context` of the core's form). */
  context: FormMetadata['c'];
  /** This submission's id (view id and hash): a re-submitted form is recognised by the core. */
  requestKey: string;
}

export type SubmitResult = { reply: Gated<OutboundMessage> | Gated<Form> } | undefined;

/** Field problems to show in the modal before it closes (Slack's `response_action: errors`). */
export type FieldCheck = (values: Record<string, FormValue>) => Record<string, string> | undefined;

/**
 * A modal's Submit: quick field checks answer inside the modal; otherwise the modal closes at once (ack), one
 * core use case runs, and its answer goes to the person where they opened the modal (ephemeral).
 */
export function onSubmit(
  deps: SlackDeps,
  handle: (ctx: SubmitContext) => Promise<SubmitResult>,
  check?: FieldCheck,
): Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>> {
  return async ({ body, view, ack, client }) => {
    const values = readFormValues(view.state.values as never);
    const errors = check?.(values);
    if (errors && Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors });
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
      const result = await handle({
        actor: slackActor(body.team?.id ?? view.team_id, body.user.id),
        userId: body.user.id,
        values,
        context: where.c,
        requestKey: `slack:view:${view.id}:${view.hash}`,
      });
      deps.logger.info({ view: view.callback_id }, 'Slack form handled');
      if (result) await present(target, undefined, result.reply);
    });
  };
}

/** A text field's value ('' when left empty). */
export const textValue = (value: FormValue): string => (typeof value === 'string' ? value : '');
