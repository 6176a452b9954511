import { confirmRelease } from '../../../../src/use-cases/releases/confirm-release.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/** "Share it" under a preview: the consent is recorded and the previewed text is posted for the sponsor. */
export const releaseConfirm = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) => confirmRelease({ actor, releaseId: value }, deps.core));
