import { withdrawRelease } from '../../../../src/use-cases/releases/withdraw-release.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/** "Withdraw" a shared item: the sponsor space is told, and the gate refuses it from then on. */
export const releaseWithdraw = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) => withdrawRelease({ actor, releaseId: value }, deps.core));
