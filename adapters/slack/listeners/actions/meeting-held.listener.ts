import { markMeetingHeld } from '../../../../src/use-cases/meetings/mark-meeting-held.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/** "Mark as held" on a meeting announcement: moves the engagement on (kickoff → matching, alignment → coaching …). */
export const meetingHeld = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) => markMeetingHeld({ actor, meetingId: value }, deps.core));
