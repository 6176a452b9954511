import { shareAnswerWithCoach } from '../../../../src/use-cases/reflections/share-answer-with-coach.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/** "Share with my coach": the answer is posted in the private coaching channel, never the sponsor's. */
export const reflectionShareWithCoach = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) => shareAnswerWithCoach({ actor, promptId: value }, deps.core));
