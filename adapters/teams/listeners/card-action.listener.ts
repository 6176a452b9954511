import { createHash } from 'node:crypto';
import { runAction } from '../actions/card-actions.js';
import { runForm } from '../actions/form-submissions.js';
import { describeError, TeamsInputError } from '../errors.js';
import { type CardAction, FORM_SUBMIT, readCardAction } from '../render/card-data.js';
import { dateInputId, timeInputId } from '../render/controls.js';
import { DIALOG_KEY } from '../render/dialog-card.js';
import { cardActivity } from '../render/message-card.js';
import { refreshedCard } from '../turn/refresh.js';
import {
  answer,
  answerWords,
  cardBody,
  cardOf,
  isForm,
  messageBody,
  needsDialog,
  type Reply,
  respondToInvoke,
} from '../turn/respond.js';
import type { Turn } from '../turn/turn.js';

const isInvoke = (turn: Turn) => turn.context.activity.type === 'invoke';

/** The local date-time a picker action submitted, `YYYY-MM-DDTHH:mm`; undefined when the action has none. */
function pickedTime(action: CardAction): string | undefined {
  if (!action.field) return undefined;
  const date = action.inputs[dateInputId(action.field)];
  const time = action.inputs[timeInputId(action.field)];
  if (!date || !time) throw new TeamsInputError('Pick a date and a time, then choose Save.');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}(:\d{2})?$/.test(time)) {
    throw new TeamsInputError('That date or time is not one Teams’ pickers give.', 'Pick them again.');
  }
  return `${date}T${time.slice(0, 5)}`;
}

/**
 * What a form submission is done once under: the form card's own id (the activity the submit replies to), so a
 * double click — two submits of one card, each with its own activity id — saves once. Without it, the activity's
 * id (Teams re-sends an activity with the same one). A form in a dialog carries its own key (`DIALOG_KEY`), given
 * when the dialog was opened.
 */
function formRequestKey(turn: Turn, action: CardAction): string {
  const dialog = action.context?.[DIALOG_KEY];
  if (dialog) return `teams:dialog:${dialog}`.slice(0, 160);
  const { id, replyToId } = turn.context.activity;
  if (!replyToId) return `teams:${id ?? ''}`;
  const chat = createHash('sha256').update(turn.address.conversationId).digest('base64url').slice(0, 22);
  return `teams:card:${chat}:${replyToId}`.slice(0, 160);
}

/** Runs the one use case of a card action (a button, a picker, a form submission) as the actor. */
export async function runCardAction(turn: Turn, action: CardAction): Promise<Reply | undefined> {
  const { actor, core, directory } = turn;
  if (action.actionId === FORM_SUBMIT) {
    return runForm(action.formId ?? '', {
      actor,
      deps: core,
      directory,
      context: action.context ?? {},
      fields: action.inputs,
      requestKey: formRequestKey(turn, action),
    });
  }
  return runAction(action.actionId, {
    actor,
    deps: core,
    value: action.value ?? '',
    picked: pickedTime(action),
    timeZone: turn.timeZone,
  });
}

/** Shows the outcome to the actor: refreshed in place in a 1:1 chat; in a group chat, to them alone. */
async function present(turn: Turn, action: CardAction, reply: Reply | undefined): Promise<void> {
  if (!reply) {
    if (isInvoke(turn)) await respondToInvoke(turn, messageBody('Done.'));
    return;
  }
  if (needsDialog(reply)) {
    // Private text goes to a dialog, never to a chat (an old card, or a button that does not open one itself).
    const reopen =
      action.actionId === FORM_SUBMIT ? undefined : { actionId: action.actionId, value: action.value };
    await answer(turn, reply, reopen);
    if (isInvoke(turn)) {
      await respondToInvoke(turn, messageBody('Open it from the button in your 1:1 chat with Triad.'));
    }
    return;
  }
  if (isForm(reply)) {
    await answer(turn, reply);
    if (isInvoke(turn)) {
      const where = turn.personal ? 'below' : 'in your 1:1 chat with Triad';
      await respondToInvoke(turn, messageBody(`${reply.title.text}: the form is ${where}.`));
    }
    return;
  }
  if (!turn.personal) {
    if (isInvoke(turn)) await respondToInvoke(turn, messageBody(reply.summary.text));
    else await answer(turn, reply);
    return;
  }
  const card =
    action.actionId === FORM_SUBMIT ? cardOf(reply) : await refreshedCard(turn, action.outboxId, reply);
  if (isInvoke(turn)) {
    await respondToInvoke(turn, cardBody(card));
    return;
  }
  const replyToId = turn.context.activity.replyToId;
  if (replyToId)
    await turn.deps.connector.update(turn.address, replyToId, cardActivity(card, reply.summary.text));
  else await answer(turn, reply);
}

/**
 * A card action: an Action.Execute invoke (what Triad's cards use) or an Action.Submit message. The data is
 * checked, the one use case for its action id (or form id) runs, and its answer is shown. A refusal answers in
 * the actor's 1:1 chat, changes nothing, and tells Teams what went wrong.
 */
export async function onCardAction(turn: Turn, data: Record<string, unknown>): Promise<void> {
  const read = readCardAction(data);
  let reply: Reply | undefined;
  try {
    if (!read.ok) {
      turn.deps.core.logger.warn(
        { reason: read.reason, activityId: turn.context.activity.id },
        'card action refused',
      );
      throw new TeamsInputError(
        'I could not read that card action.',
        'Use the buttons on the latest message.',
      );
    }
    reply = await runCardAction(turn, read.action);
  } catch (error) {
    const words = describeError(error);
    if (!words) throw error;
    await answerWords(turn, words);
    if (isInvoke(turn)) await respondToInvoke(turn, messageBody(words.message));
    return;
  }
  await present(turn, read.action, reply);
}
