import { exportMyData } from '../../../src/use-cases/client/export-my-data.js';
import { listMyGoals } from '../../../src/use-cases/goals/list-my-goals.js';
import { listCoachNotes } from '../../../src/use-cases/sessions/list-coach-notes.js';
import { describeError, TeamsInputError } from '../errors.js';
import { type CardAction, readCardAction } from '../render/card-data.js';
import { dialogBody, dialogMessage, VIEW_EXPORT, VIEW_GOALS, VIEW_NOTES } from '../render/dialog-card.js';
import { cardOf, isForm, type Reply, respondToInvoke } from '../turn/respond.js';
import type { Turn } from '../turn/turn.js';
import { runCardAction } from './card-action.listener.js';

/** What a dialog shows: a view the chat offered (the goal list, the export, a coach's notes), or the outcome of an action in it. */
async function replyFor(
  turn: Turn,
  action: CardAction,
): Promise<{ reply: Reply; downloadUrl?: string } | undefined> {
  const { actor, core } = turn;
  switch (action.actionId) {
    case VIEW_GOALS:
      return { reply: (await listMyGoals({ actor, surface: 'client_dm' }, core)).reply };
    case VIEW_NOTES:
      return { reply: (await listCoachNotes({ actor }, core)).reply };
    case VIEW_EXPORT: {
      const exported = await exportMyData({ actor, surface: 'client_dm' }, core);
      const downloadUrl = turn.deps.exportLink?.(exported);
      return { reply: exported.reply, ...(downloadUrl ? { downloadUrl } : {}) };
    }
    default: {
      const reply = await runCardAction(turn, action);
      return reply ? { reply } : undefined;
    }
  }
}

/**
 * A Teams dialog (task module): `task/fetch` when a button that opens one is pressed, `task/submit` when a button
 * or a form inside it is. The use case runs as for any card action, and its answer — private text included — is
 * shown in the dialog to the person who opened it, and posted nowhere. A refusal closes the dialog with its words.
 */
export async function onTaskModule(turn: Turn, data: Record<string, unknown>): Promise<void> {
  const read = readCardAction(data);
  try {
    if (!read.ok) {
      turn.deps.core.logger.warn(
        { reason: read.reason, activityId: turn.context.activity.id },
        'dialog action refused',
      );
      throw new TeamsInputError('I could not read that action.', 'Open it again from its button.');
    }
    const shown = await replyFor(turn, read.action);
    if (!shown) {
      await respondToInvoke(turn, dialogMessage('Done.'));
      return;
    }
    const { reply } = shown;
    const submitKey = isForm(reply) ? turn.core.ids.newId() : undefined;
    await respondToInvoke(
      turn,
      dialogBody(cardOf(reply, shown), isForm(reply) ? reply.title.text : reply.summary.text, submitKey),
    );
  } catch (error) {
    const words = describeError(error);
    if (!words) throw error;
    await respondToInvoke(turn, dialogMessage(words.hint ? `${words.message} ${words.hint}` : words.message));
  }
}
