import type { App } from '@slack/bolt';
import { actionIds, checkActionRoutes } from '../../../../src/controls/controls.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/** Action id → listener: every id of the control table, each dispatched through the table by `onAction`. */
export function actionListeners(deps: SlackDeps) {
  return Object.fromEntries(actionIds.map((actionId) => [actionId, onAction(deps)]));
}

/** Registers one listener per action id, after checking that they are exactly the control table's. */
export function register(app: App, deps: SlackDeps): void {
  const listeners = actionListeners(deps);
  checkActionRoutes('The Slack app', Object.keys(listeners));
  for (const [actionId, listener] of Object.entries(listeners)) app.action(actionId, listener);
}
