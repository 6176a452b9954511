import type { App } from '@slack/bolt';
import { goalActions } from '../../../../src/messages/compose/goal-replies.js';
import { coachSelectAction } from '../../../../src/messages/compose/matching-choice.js';
import { meetingActions, sessionActions } from '../../../../src/messages/compose/meeting-words.js';
import { reflectionActions } from '../../../../src/messages/compose/reflection-prompt.js';
import { releaseActions } from '../../../../src/messages/compose/release-messages.js';
import { activitySharingAction } from '../../../../src/use-cases/home/home-sections.js';
import { relayActions } from '../../../../src/use-cases/sponsor/relay-draft.js';
import type { SlackDeps } from '../../slack-deps.js';
import { activitySharing } from './activity-sharing.listener.js';
import { coachSelect } from './coach-select.listener.js';
import { goalDraft } from './goal-draft.listener.js';
import { goalEdit } from './goal-edit.listener.js';
import { meetingCancel } from './meeting-cancel.listener.js';
import { meetingHeld } from './meeting-held.listener.js';
import { meetingPrepare } from './meeting-prepare.listener.js';
import { meetingReschedule } from './meeting-reschedule.listener.js';
import { meetingSchedule } from './meeting-schedule.listener.js';
import { reflectionAnswer } from './reflection-answer.listener.js';
import { reflectionShareWithCoach } from './reflection-share-with-coach.listener.js';
import { reflectionSkip } from './reflection-skip.listener.js';
import { reflectionSnooze } from './reflection-snooze.listener.js';
import { relayCancel, relayChoose, relayConfirm } from './relay.listener.js';
import { releaseCancel } from './release-cancel.listener.js';
import { releaseConfirm } from './release-confirm.listener.js';
import { releasePreview } from './release-preview.listener.js';
import { releaseWithdraw } from './release-withdraw.listener.js';
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
    [meetingActions.prepare]: meetingPrepare(deps),
    [sessionActions.schedule]: sessionSchedule(deps),
    [sessionActions.move]: sessionMove(deps),
    [sessionActions.cancel]: sessionCancel(deps),
    [sessionActions.held]: sessionHeld(deps),
    'sponsor.expectations': sponsorExpectations(deps),
    [reflectionActions.answer]: reflectionAnswer(deps),
    [reflectionActions.snooze]: reflectionSnooze(deps),
    [reflectionActions.skip]: reflectionSkip(deps),
    [reflectionActions.shareWithCoach]: reflectionShareWithCoach(deps),
    [reflectionActions.shareWithSponsor]: releasePreview(deps),
    [releaseActions.confirm]: releaseConfirm(deps),
    [releaseActions.cancel]: releaseCancel(deps),
    [releaseActions.withdraw]: releaseWithdraw(deps),
    [goalActions.draft]: goalDraft(deps),
    [goalActions.edit]: goalEdit(deps),
    [activitySharingAction]: activitySharing(deps),
    [relayActions.choose]: relayChoose(deps),
    [relayActions.confirm]: relayConfirm(deps),
    [relayActions.cancel]: relayCancel(deps),
  };
}

export function register(app: App, deps: SlackDeps): void {
  for (const [actionId, listener] of Object.entries(actionListeners(deps))) app.action(actionId, listener);
}
