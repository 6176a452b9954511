import { cancelRelease } from '../../../../src/use-cases/releases/cancel-release.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/** "Cancel" under a preview: nothing is shared. */
export const releaseCancel = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) => cancelRelease({ actor, releaseId: value }, deps.core));
