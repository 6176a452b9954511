import { editGoal } from '../../../../src/use-cases/goals/edit-goal.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onSubmit, textValue } from './on-submit.js';

/** An edited goal (a released version needs a new release). */
export const goalEditSubmitted = (deps: SlackDeps) =>
  onSubmit(deps, async ({ actor, values, context, requestKey }) =>
    editGoal(
      {
        actor,
        entryId: context.entryId ?? '',
        goal: textValue(values.goal),
        successMeasure: textValue(values.successMeasure),
        requestKey,
      },
      deps.core,
    ),
  );
