import { coreForms, type FormInput } from '../../shared/actions/core-controls.js';
import { START_FORM_ID, startFromForm } from '../commands/start-form.js';
import { TeamsInputError } from '../errors.js';
import type { TeamsDirectory } from '../teams-directory.js';
import type { Reply } from '../turn/respond.js';
import { type Outcome, replyOf } from './card-actions.js';

/** A submitted form: its opaque context ids, its input values by field id, and the Teams directory. */
export interface FormContext extends FormInput {
  directory: TeamsDirectory;
}

export type FormHandler = (ctx: FormContext) => Promise<Outcome>;

/** Form ids (the core's, and Teams' own start form) → the use case a submission runs. */
export const formHandlers: Readonly<Record<string, FormHandler>> = {
  ...coreForms,
  [START_FORM_ID]: (ctx) => startFromForm(ctx.values, ctx.actor, ctx.deps, ctx.directory),
};

export async function runForm(formId: string, ctx: FormContext): Promise<Reply | undefined> {
  const handler = formHandlers[formId];
  if (!handler)
    throw new TeamsInputError('That form is not one Triad knows.', 'Open it again from its button.');
  return replyOf(await handler(ctx));
}
