import { rescheduleMeeting } from '../../../../src/use-cases/meetings/reschedule-meeting.js';
import type { SlackDeps } from '../../slack-deps.js';
import { localPick, onAction } from './on-action.js';

/** A triad member moves a scheduled meeting with the "Move it" picker. */
export const meetingReschedule = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value, userId, pickedAt }) =>
    rescheduleMeeting({ actor, meetingId: value, ...(await localPick(deps, userId, pickedAt)) }, deps.core),
  );
