import { moveSession } from '../../../../src/use-cases/sessions/move-session.js';
import type { SlackDeps } from '../../slack-deps.js';
import { localPick, onAction } from './on-action.js';

/** "Move it" on a coaching session. */
export const sessionMove = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value, userId, pickedAt }) =>
    moveSession({ actor, meetingId: value, ...(await localPick(deps, userId, pickedAt)) }, deps.core),
  );
