import { openAnswerForm } from '../../../../src/use-cases/reflections/open-answer-form.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/**
 * "Answer" / "Edit" on a reflection prompt opens the answer form (a modal): the answer is stored only in Triad,
 * encrypted, and never becomes a message in Slack's history.
 */
export const reflectionAnswer = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) => {
    const { form } = await openAnswerForm({ actor, promptId: value }, deps.core);
    return { reply: form };
  });
