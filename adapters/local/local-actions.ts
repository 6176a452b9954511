import type { Gated } from '../../src/confidentiality/outbound-gate.js';
import type { Form, OutboundMessage } from '../../src/messages/message.js';
import type { Actor } from '../../src/use-cases/actor.js';
import type { DirectoryDeps } from '../../src/use-cases/deps.js';
import { coreControls, coreForms } from '../shared/actions/core-controls.js';
import { LocalInputError } from './local-errors.js';

/** What a use case answers the person who acted with: a reply (maybe with a file: an export), a form, or both. */
export interface Answer {
  reply?: Gated<OutboundMessage> | Gated<Form>;
  form?: Gated<Form>;
}

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
  values: Readonly<Record<string, string>>;
}

export type FormHandler = (ctx: FormContext) => Promise<Answer>;

/** Button and picker action ids (the core's) → the use case each one runs. */
export const actionHandlers: Readonly<Record<string, ActionHandler>> = coreControls({
  pickTime: () =>
    new LocalInputError(
      'Pick a date and time for this one.',
      'Add it after the number, e.g. `press 3 2026-12-01T14:30` or `press 3 +2m` (in two minutes).',
    ),
  staleCoachButton: () => new LocalInputError('That coach button is not valid any more.'),
});

/** Form ids (the core's) → the use case a submission runs. */
export const formHandlers: Readonly<Record<string, FormHandler>> = coreForms;

/** Runs the use case behind a control; unknown action ids are refused readably. */
export async function runAction(actionId: string, ctx: ActionContext): Promise<Answer> {
  const handler = actionHandlers[actionId];
  if (!handler) throw new LocalInputError(`The local demo does not handle “${actionId}” yet.`);
  return handler(ctx);
}

export async function runForm(formId: string, ctx: FormContext): Promise<Answer> {
  const handler = formHandlers[formId];
  if (!handler) throw new LocalInputError(`The local demo does not handle the form “${formId}” yet.`);
  return handler(ctx);
}
