import { retryDeliveries } from '../../../src/use-cases/hr/retry-deliveries.js';
import { type ControlInput, type CoreAnswer, coreControls } from '../../shared/actions/core-controls.js';
import { TeamsInputError } from '../errors.js';
import type { Reply } from '../turn/respond.js';

/** What a button or picker runs with: who acted, the control's id value, and the zone Teams reported. */
export type ActionContext = ControlInput;

/** What a use case answers the person who acted with. */
export type Outcome = CoreAnswer;

export type ActionHandler = (ctx: ActionContext) => Promise<Outcome>;

/** The core's button and picker action ids → the use case each one runs, and HR's retry. Unknown ids are refused. */
export const actionHandlers: Readonly<Record<string, ActionHandler>> = {
  ...coreControls({
    pickTime: () => new TeamsInputError('Pick a date and a time, then choose Save.'),
    staleCoachButton: () => new TeamsInputError('That coach button is not valid any more.'),
  }),
  'delivery.retry': (ctx) =>
    retryDeliveries({ actor: ctx.actor, engagement: { kind: 'id', id: ctx.value } }, ctx.deps),
};

/** The reply of an outcome: its form when it opened one, else its message. */
export const replyOf = (outcome: Outcome): Reply | undefined => outcome.form ?? outcome.reply;

export async function runAction(actionId: string, ctx: ActionContext): Promise<Reply | undefined> {
  const handler = actionHandlers[actionId];
  if (!handler) {
    throw new TeamsInputError(
      'That button is not one Triad knows.',
      'Use the buttons on the latest message.',
    );
  }
  return replyOf(await handler(ctx));
}
