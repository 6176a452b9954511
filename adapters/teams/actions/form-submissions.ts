import {
  type ControlAnswer,
  checkFormRoutes,
  formIds,
  runForm as runControlForm,
} from '../../../src/controls/controls.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import type { DirectoryDeps } from '../../../src/use-cases/deps.js';
import { START_FORM_ID, startFromForm } from '../commands/start-form.js';
import { TeamsInputError } from '../errors.js';
import type { TeamsDirectory } from '../teams-directory.js';
import type { Reply } from '../turn/respond.js';
import { replyOf } from './card-actions.js';

/** A submitted form: its opaque context ids, its input values by field id (`fields`), and the Teams directory. */
export interface FormContext {
  actor: Actor;
  deps: DirectoryDeps;
  directory: TeamsDirectory;
  context: Readonly<Record<string, string>>;
  fields: Readonly<Record<string, string>>;
  /** The submission's own key, so a re-sent one is recognised. */
  requestKey: string;
}

export type FormHandler = (ctx: FormContext) => Promise<ControlAnswer>;

const tableForm =
  (formId: string): FormHandler =>
  (ctx) =>
    runControlForm(formId, ctx, ctx.deps);

/** Form ids (the control table's, and Teams' own start form) → the use case a submission runs. */
export const formHandlers: Readonly<Record<string, FormHandler>> = {
  ...Object.fromEntries(formIds.map((formId) => [formId, tableForm(formId)])),
  [START_FORM_ID]: (ctx) => startFromForm(ctx.fields, ctx.actor, ctx.deps, ctx.directory),
};

export async function runForm(formId: string, ctx: FormContext): Promise<Reply | undefined> {
  const handler = Object.hasOwn(formHandlers, formId) ? formHandlers[formId] : undefined;
  if (!handler)
    throw new TeamsInputError('That form is not one Triad knows.', 'Open it again from its button.');
  return replyOf(await handler(ctx));
}

/** The start-up check: the Teams bot answers exactly the control table's forms, and its own start form. */
export const checkTeamsForms = () =>
  checkFormRoutes('The Teams bot', Object.keys(formHandlers), [START_FORM_ID]);
