import type { App } from '@slack/bolt';
import { checkFormRoutes, formIds } from '../../../../src/controls/controls.js';
import type { SlackDeps } from '../../slack-deps.js';
import { START_CALLBACK } from '../../views/start-engagement.modal.js';
import { onSubmit } from './on-submit.js';
import { startEngagementSubmitted } from './start-engagement.listener.js';

/** Callback id → submission listener: every form of the control table, and Slack's own start modal. */
export function viewListeners(deps: SlackDeps) {
  return {
    [START_CALLBACK]: startEngagementSubmitted(deps),
    ...Object.fromEntries(formIds.map((formId) => [formId, onSubmit(deps)])),
  };
}

/** Registers one listener per callback id, after checking that the table's forms are exactly those routed. */
export function register(app: App, deps: SlackDeps): void {
  const listeners = viewListeners(deps);
  checkFormRoutes('The Slack app', Object.keys(listeners), [START_CALLBACK]);
  for (const [callbackId, listener] of Object.entries(listeners)) {
    app.view({ callback_id: callbackId, type: 'view_submission' }, listener);
  }
}
