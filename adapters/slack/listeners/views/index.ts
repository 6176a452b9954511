import type { App } from '@slack/bolt';
import { goalActions } from '../../../../src/messages/compose/goal-replies.js';
import { preparationActions } from '../../../../src/messages/compose/preparation-messages.js';
import { reflectionActions } from '../../../../src/messages/compose/reflection-prompt.js';
import { expectationsFormId } from '../../../../src/messages/compose/sponsor-thread.js';
import type { SlackDeps } from '../../slack-deps.js';
import { SESSION_CALLBACK } from '../../views/session-schedule.modal.js';
import { START_CALLBACK } from '../../views/start-engagement.modal.js';
import { goalDraftSubmitted } from './goal-draft.listener.js';
import { goalEditSubmitted } from './goal-edit.listener.js';
import { meetingPreparationSubmitted } from './meeting-preparation.listener.js';
import { reflectionAnswerSubmitted } from './reflection-answer.listener.js';
import { sessionScheduleSubmitted } from './session-schedule.listener.js';
import { sponsorExpectationsSubmitted } from './sponsor-expectations.listener.js';
import { startEngagementSubmitted } from './start-engagement.listener.js';

/** Callback id (the core's form id, or an adapter modal's) → submission listener. */
export function viewListeners(deps: SlackDeps) {
  return {
    [START_CALLBACK]: startEngagementSubmitted(deps),
    [SESSION_CALLBACK]: sessionScheduleSubmitted(deps),
    [expectationsFormId]: sponsorExpectationsSubmitted(deps),
    [reflectionActions.answer]: reflectionAnswerSubmitted(deps),
    [goalActions.draft]: goalDraftSubmitted(deps),
    [goalActions.edit]: goalEditSubmitted(deps),
    [preparationActions.save]: meetingPreparationSubmitted(deps),
  };
}

export function register(app: App, deps: SlackDeps): void {
  for (const [callbackId, listener] of Object.entries(viewListeners(deps))) {
    app.view({ callback_id: callbackId, type: 'view_submission' }, listener);
  }
}
