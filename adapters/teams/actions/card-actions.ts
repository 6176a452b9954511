import {
  actionIds,
  type ControlAnswer,
  checkActionRoutes,
  needsPickedTime,
  runAction as runControl,
} from '../../../src/controls/controls.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import type { DirectoryDeps } from '../../../src/use-cases/deps.js';
import { TeamsInputError } from '../errors.js';
import type { Reply } from '../turn/respond.js';

/** What a button or picker runs with: who acted, the control's id value, and the time picked in Teams' zone. */
export interface ActionContext {
  actor: Actor;
  deps: DirectoryDeps;
  value: string;
  /** For a date-time picker: `YYYY-MM-DDTHH:mm` in `timeZone`. */
  picked?: string | undefined;
  timeZone?: string | undefined;
}

export type ActionHandler = (ctx: ActionContext) => Promise<ControlAnswer>;

/** Teams' part of a press: a control that acts only with a time says so in Teams' words, then the table runs it. */
const handler =
  (actionId: string): ActionHandler =>
  (ctx) => {
    if (needsPickedTime(actionId) && !ctx.picked) {
      throw new TeamsInputError('Pick a date and a time, then choose Save.');
    }
    const picked = ctx.picked
      ? { localDateTime: ctx.picked, ...(ctx.timeZone ? { timeZone: ctx.timeZone } : {}) }
      : undefined;
    return runControl(actionId, { actor: ctx.actor, value: ctx.value, picked }, ctx.deps);
  };

/** Every action id of the control table → its handler (the table's use case). */
export const actionHandlers: Readonly<Record<string, ActionHandler>> = Object.fromEntries(
  actionIds.map((actionId) => [actionId, handler(actionId)]),
);

/** The reply of an outcome: its form when it opened one, else its message. */
export const replyOf = (outcome: ControlAnswer): Reply | undefined => outcome.form ?? outcome.reply;

/** Runs the use case of a button or picker; an id Triad does not have is refused in words. */
export async function runAction(actionId: string, ctx: ActionContext): Promise<Reply | undefined> {
  const run = Object.hasOwn(actionHandlers, actionId) ? actionHandlers[actionId] : undefined;
  if (!run) {
    throw new TeamsInputError(
      'That button is not one Triad knows.',
      'Use the buttons on the latest message.',
    );
  }
  return replyOf(await run(ctx));
}

/** The start-up check: the Teams bot answers exactly the control table's action ids. */
export const checkTeamsActions = () => checkActionRoutes('The Teams bot', Object.keys(actionHandlers));
