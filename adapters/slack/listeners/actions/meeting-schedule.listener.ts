import { scheduleMeeting } from '../../../../src/use-cases/meetings/schedule-meeting.js';
import type { SlackDeps } from '../../slack-deps.js';
import { localPick, onAction } from './on-action.js';

/** A triad member picks the time of a kickoff, alignment, mid-point or closing meeting (in their own zone). */
export const meetingSchedule = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value, userId, pickedAt }) =>
    scheduleMeeting({ actor, meetingId: value, ...(await localPick(deps, userId, pickedAt)) }, deps.core),
  );
