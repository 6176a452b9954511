import { previewRelease } from '../../../../src/use-cases/releases/preview-release.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/** "Preview sharing with my sponsor": the exact text the sponsor would see, to the client alone. */
export const releasePreview = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) => previewRelease({ actor, entryId: value }, deps.core));
