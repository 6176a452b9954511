import { answerPrompt } from '../../../../src/use-cases/reflections/answer-prompt.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onSubmit, textValue } from './on-submit.js';

/** The reflection answer form: stored encrypted in Triad; a re-submitted form changes nothing. */
export const reflectionAnswerSubmitted = (deps: SlackDeps) =>
  onSubmit(deps, async ({ actor, values, context, requestKey }) =>
    answerPrompt(
      { actor, promptId: context.promptId ?? '', text: textValue(values.answer), requestKey },
      deps.core,
    ),
  );
