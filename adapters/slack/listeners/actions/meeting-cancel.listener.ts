import { cancelMeeting } from '../../../../src/use-cases/meetings/cancel-meeting.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/** "Cancel it" on a meeting announcement. */
export const meetingCancel = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) => cancelMeeting({ actor, meetingId: value }, deps.core));
