import { markSessionHeld } from '../../../../src/use-cases/sessions/mark-session-held.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/** "Mark as held" on a coaching session. */
export const sessionHeld = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) => markSessionHeld({ actor, meetingId: value }, deps.core));
