import type { Actor } from '../../../src/use-cases/actor.js';
import type { DirectoryDeps } from '../../../src/use-cases/deps.js';
import { draftGoal } from '../../../src/use-cases/goals/draft-goal.js';
import { editGoal } from '../../../src/use-cases/goals/edit-goal.js';
import { savePreparation } from '../../../src/use-cases/preparation/save-preparation.js';
import { answerPrompt } from '../../../src/use-cases/reflections/answer-prompt.js';
import { postSponsorExpectations } from '../../../src/use-cases/sponsor/post-sponsor-expectations.js';
import { START_FORM_ID, startFromForm } from '../commands/start-form.js';
import { TeamsInputError } from '../errors.js';
import type { TeamsDirectory } from '../teams-directory.js';
import type { Reply } from '../turn/respond.js';
import { type Outcome, replyOf } from './card-actions.js';

/** A submitted form: its opaque context ids and its input values by field id. */
export interface FormContext {
  actor: Actor;
  deps: DirectoryDeps;
  directory: TeamsDirectory;
  context: Readonly<Record<string, string>>;
  values: Readonly<Record<string, string>>;
  /** The activity's id, so a re-sent submission is recognised. */
  requestKey: string;
}

export type FormHandler = (ctx: FormContext) => Promise<Outcome>;

const field = (ctx: FormContext, id: string) => ctx.values[id] ?? '';

/** Form ids (the core's, and Teams' own start form) → the use case a submission runs. */
export const formHandlers: Readonly<Record<string, FormHandler>> = {
  'reflection.answer': (ctx) =>
    answerPrompt(
      {
        actor: ctx.actor,
        promptId: ctx.context.promptId ?? '',
        text: field(ctx, 'answer'),
        requestKey: ctx.requestKey,
      },
      ctx.deps,
    ),
  'goal.draft': (ctx) =>
    draftGoal(
      {
        actor: ctx.actor,
        ...(ctx.context.engagementId ? { engagementId: ctx.context.engagementId } : {}),
        goal: field(ctx, 'goal'),
        successMeasure: field(ctx, 'successMeasure'),
        requestKey: ctx.requestKey,
      },
      ctx.deps,
    ),
  'goal.edit': (ctx) =>
    editGoal(
      {
        actor: ctx.actor,
        entryId: ctx.context.entryId ?? '',
        goal: field(ctx, 'goal'),
        successMeasure: field(ctx, 'successMeasure'),
        requestKey: ctx.requestKey,
      },
      ctx.deps,
    ),
  'sponsor.expectations': (ctx) =>
    postSponsorExpectations(
      { actor: ctx.actor, engagementId: ctx.context.engagementId ?? '', text: field(ctx, 'expectations') },
      ctx.deps,
    ),
  'meeting.prepare.save': (ctx) =>
    savePreparation(
      { actor: ctx.actor, meetingId: ctx.context.meetingId ?? '', notes: field(ctx, 'notes') },
      ctx.deps,
    ),
  [START_FORM_ID]: (ctx) => startFromForm(ctx.values, ctx.actor, ctx.deps, ctx.directory),
};

export async function runForm(formId: string, ctx: FormContext): Promise<Reply | undefined> {
  const handler = formHandlers[formId];
  if (!handler)
    throw new TeamsInputError('That form is not one Triad knows.', 'Open it again from its button.');
  return replyOf(await handler(ctx));
}
