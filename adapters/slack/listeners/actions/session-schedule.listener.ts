import type { SlackDeps } from '../../slack-deps.js';
import { sessionScheduleModal } from '../../views/session-schedule.modal.js';
import { onAction } from './on-action.js';

/** "Schedule a session" in the coaching space opens a small form with a date-time picker. */
export const sessionSchedule = (deps: SlackDeps) =>
  onAction(deps, async ({ value, triggerId, target }) => {
    await target.client.views.open({
      trigger_id: triggerId,
      view: sessionScheduleModal(value, target.channel ? { ch: target.channel } : {}),
    });
    return undefined;
  });
