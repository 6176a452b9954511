import { openGoalForm } from '../../../../src/use-cases/goals/open-goal-form.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/** "Edit" on a goal opens the goal form, pre-filled for the client alone. */
export const goalEdit = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) => {
    const { form } = await openGoalForm({ actor, entryId: value }, deps.core);
    return { reply: form };
  });
