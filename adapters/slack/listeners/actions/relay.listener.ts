import {
  cancelRelay,
  chooseRelayThread,
  confirmRelay,
} from '../../../../src/use-cases/sponsor/relay-choice.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/** A sponsor-thread button under a message sent to Triad: which engagement it is for. */
export const relayChoose = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) => chooseRelayThread({ actor, value }, deps.core));

/** "Post to the sponsor thread": the waiting message is posted in the thread chosen. */
export const relayConfirm = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) => confirmRelay({ actor, value }, deps.core));

/** "Cancel": the waiting message is never posted. */
export const relayCancel = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) => cancelRelay({ actor, draftId: value }, deps.core));
