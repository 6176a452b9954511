import type { App } from '@slack/bolt';
import { coachSelectAction } from '../../../../src/messages/compose/matching-choice.js';
import { meetingActions, sessionActions } from '../../../../src/messages/compose/meeting-words.js';
import type { SlackDeps } from '../../slack-deps.js';
import { coachSelect } from './coach-select.listener.js';
import { meetingCancel } from './meeting-cancel.listener.js';
import { meetingHeld } from './meeting-held.listener.js';
import { meetingReschedule } from './meeting-reschedule.listener.js';
import { meetingSchedule } from './meeting-schedule.listener.js';
import { sessionCancel } from './session-cancel.listener.js';
import { sessionHeld } from './session-held.listener.js';
import { sessionMove } from './session-move.listener.js';
import { sessionSchedule } from './session-schedule.listener.js';
import { sponsorExpectations } from './sponsor-expectations.listener.js';

/** Action id → listener, for every button and picker the core's messages carry. */
export function actionListeners(deps: SlackDeps) {
  return {
    [coachSelectAction]: coachSelect(deps),
    [meetingActions.schedule]: meetingSchedule(deps),
    [meetingActions.reschedule]: meetingReschedule(deps),
    [meetingActions.cancel]: meetingCancel(deps),
    [meetingActions.held]: meetingHeld(deps),
    [sessionActions.schedule]: sessionSchedule(deps),
    [sessionActions.move]: sessionMove(deps),
    [sessionActions.cancel]: sessionCancel(deps),
    [sessionActions.held]: sessionHeld(deps),
    'sponsor.expectations': sponsorExpectations(deps),
  };
}

export function register(app: App, deps: SlackDeps): void {
  for (const [actionId, listener] of Object.entries(actionListeners(deps))) app.action(actionId, listener);
}
