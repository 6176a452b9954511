import { draftGoal } from '../../../../src/use-cases/goals/draft-goal.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onSubmit, textValue } from './on-submit.js';

/** A new private goal and its success measure. */
export const goalDraftSubmitted = (deps: SlackDeps) =>
  onSubmit(deps, async ({ actor, values, context, requestKey }) =>
    draftGoal(
      {
        actor,
        ...(context.engagementId ? { engagementId: context.engagementId } : {}),
        goal: textValue(values.goal),
        successMeasure: textValue(values.successMeasure),
        requestKey,
      },
      deps.core,
    ),
  );
