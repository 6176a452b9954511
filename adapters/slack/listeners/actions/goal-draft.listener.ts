import { openGoalForm } from '../../../../src/use-cases/goals/open-goal-form.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/** "Draft a goal" opens the private goal form for the client's live engagement. */
export const goalDraft = (deps: SlackDeps) =>
  onAction(deps, async ({ actor }) => {
    const { form } = await openGoalForm({ actor }, deps.core);
    return { reply: form };
  });
