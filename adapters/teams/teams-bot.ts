import { ActivityTypes, type TurnContext } from 'botbuilder';
import { claimInboundRequest } from '../../src/use-cases/requests/claim-request.js';
import { checkTeamsActions } from './actions/card-actions.js';
import { checkTeamsForms } from './actions/form-submissions.js';
import { onCardAction } from './listeners/card-action.listener.js';
import { onConversationUpdate } from './listeners/conversation-update.listener.js';
import { onMessage } from './listeners/message.listener.js';
import { rememberSender } from './listeners/remember-sender.js';
import { onTaskModule } from './listeners/task-module.listener.js';
import { cardDataOf } from './render/card-data.js';
import { dialogMessage } from './render/dialog-card.js';
import { messageBody, respondToInvoke } from './turn/respond.js';
import { buildTurn, type TeamsBotDeps, type Turn } from './turn/turn.js';

const CARD_ACTION_INVOKE = 'adaptiveCard/action';
const DIALOG_INVOKES = new Set(['task/fetch', 'task/submit']);

/**
 * Claims an inbound message, card action or conversation update in Postgres (`processed_requests`) before it
 * runs: Teams re-sends an activity with the same id when the bot was slow or failed, and that must not act twice. When the database
 * cannot be reached the activity goes on, so the listener answers "nothing was saved" instead of silence.
 */
async function firstDelivery(turn: Turn): Promise<boolean> {
  const { activity } = turn.context;
  if (!activity.id) return true;
  const key = `teams:activity:${turn.address.conversationId}:${activity.id}`.slice(0, 400);
  return claimInboundRequest({ key, outcome: { via: 'teams' } }, turn.deps.core);
}

/** The one seam from botbuilder to Triad: routes each authenticated activity to its listener. */
export function createTeamsBot(deps: TeamsBotDeps): (context: TurnContext) => Promise<void> {
  // Refuses to start unless every button and form id a composer can emit has exactly one handler.
  checkTeamsActions();
  checkTeamsForms();
  return async (context) => {
    const { activity } = context;
    const turn = buildTurn(context, deps);
    switch (activity.type) {
      case ActivityTypes.Message: {
        if (!(await firstDelivery(turn))) return;
        await rememberSender(turn);
        const data = cardDataOf(activity);
        if (data && typeof data.actionId === 'string') await onCardAction(turn, data);
        else await onMessage(turn);
        await rememberSender(turn);
        return;
      }
      case ActivityTypes.Invoke: {
        if (DIALOG_INVOKES.has(activity.name ?? '')) {
          if (!(await firstDelivery(turn))) {
            await respondToInvoke(turn, dialogMessage('Already done.'));
            return;
          }
          await rememberSender(turn);
          await onTaskModule(turn, cardDataOf(activity) ?? {});
          return;
        }
        if (activity.name !== CARD_ACTION_INVOKE) return;
        if (!(await firstDelivery(turn))) {
          await respondToInvoke(turn, messageBody('Already done.'));
          return;
        }
        await rememberSender(turn);
        await onCardAction(turn, cardDataOf(activity) ?? {});
        await rememberSender(turn);
        return;
      }
      case ActivityTypes.ConversationUpdate:
        // A re-sent install or roster change must not greet, link or notify twice (copies can arrive at once).
        if (!(await firstDelivery(turn))) return;
        await onConversationUpdate(turn);
        return;
      default:
        return;
    }
  };
}
