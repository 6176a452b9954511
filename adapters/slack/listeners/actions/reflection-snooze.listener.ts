import { snoozePrompt } from '../../../../src/use-cases/reflections/snooze-prompt.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/** "Snooze a day" on a reflection prompt. */
export const reflectionSnooze = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) => snoozePrompt({ actor, promptId: value }, deps.core));
