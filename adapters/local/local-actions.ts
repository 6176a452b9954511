import {
  actionIds,
  type ControlAnswer,
  checkActionRoutes,
  checkFormRoutes,
  formIds,
  needsPickedTime,
  runAction as runControl,
  runForm as runControlForm,
} from '../../src/controls/controls.js';
import type { Actor } from '../../src/use-cases/actor.js';
import type { DirectoryDeps } from '../../src/use-cases/deps.js';
import { LocalInputError } from './local-errors.js';

/** What a use case answers the person who acted with: a reply (maybe with a file: an export), a form, or both. */
export type Answer = ControlAnswer;

export interface ActionContext {
  actor: Actor;
  deps: DirectoryDeps;
  /** The control's value: ids only (a meeting id, a prompt id…). */
  value: string;
  /** For a date-time picker: the local date-time picked, `YYYY-MM-DDTHH:mm`, in `timeZone`. */
  picked?: string;
  timeZone: string;
  /** A fresh id for this request, so a retry is recognised. */
  requestKey: string;
}

export type ActionHandler = (ctx: ActionContext) => Promise<Answer>;

export interface FormContext extends Omit<ActionContext, 'value' | 'picked'> {
  /** The ids the form carries back (engagement id, prompt id…). */
  context: Readonly<Record<string, string>>;
  /** Field values by field id. */
  fields: Readonly<Record<string, string>>;
}

export type FormHandler = (ctx: FormContext) => Promise<Answer>;

/** The local part of a press: a control that acts only with a time says how to give one, then the table runs it. */
const handler =
  (actionId: string): ActionHandler =>
  (ctx) => {
    if (needsPickedTime(actionId) && !ctx.picked) {
      throw new LocalInputError(
        'Pick a date and time for this one.',
        'Add it after the number, e.g. `press 3 2026-12-01T14:30` or `press 3 +2m` (in two minutes).',
      );
    }
    const picked = ctx.picked ? { localDateTime: ctx.picked, timeZone: ctx.timeZone } : undefined;
    return runControl(actionId, { actor: ctx.actor, value: ctx.value, picked }, ctx.deps);
  };

const tableForm =
  (formId: string): FormHandler =>
  (ctx) =>
    runControlForm(formId, ctx, ctx.deps);

/** Every action id of the control table → its handler. */
export const actionHandlers: Readonly<Record<string, ActionHandler>> = Object.fromEntries(
  actionIds.map((actionId) => [actionId, handler(actionId)]),
);

/** Every form id of the control table → its handler. */
export const formHandlers: Readonly<Record<string, FormHandler>> = Object.fromEntries(
  formIds.map((formId) => [formId, tableForm(formId)]),
);

/** The start-up check: the local platform answers exactly the control table's action and form ids. */
export function checkLocalControls(): void {
  checkActionRoutes('The local platform', Object.keys(actionHandlers));
  checkFormRoutes('The local platform', Object.keys(formHandlers));
}

/** Runs the use case behind a control; unknown action ids are refused readably. */
export async function runAction(actionId: string, ctx: ActionContext): Promise<Answer> {
  const run = Object.hasOwn(actionHandlers, actionId) ? actionHandlers[actionId] : undefined;
  if (!run) throw new LocalInputError(`The local demo does not handle “${actionId}” yet.`);
  return run(ctx);
}

export async function runForm(formId: string, ctx: FormContext): Promise<Answer> {
  const run = Object.hasOwn(formHandlers, formId) ? formHandlers[formId] : undefined;
  if (!run) throw new LocalInputError(`The local demo does not handle the form “${formId}” yet.`);
  return run(ctx);
}
