import { cancelSession } from '../../../../src/use-cases/sessions/cancel-session.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/** "Cancel it" on a coaching session. */
export const sessionCancel = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) => cancelSession({ actor, meetingId: value }, deps.core));
