import { skipPrompt } from '../../../../src/use-cases/reflections/skip-prompt.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/** "Skip this week" on a reflection prompt. */
export const reflectionSkip = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) => skipPrompt({ actor, promptId: value }, deps.core));
