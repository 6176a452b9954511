import { setActivitySharing } from '../../../../src/use-cases/releases/set-activity-sharing.js';
import { SlackInputError } from '../../errors.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/** The client's Home tab switch: show (or stop showing) their activity figures in status views. */
export const activitySharing = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) => {
    const match = /^([0-9a-f-]{36}):(on|off)$/i.exec(value);
    if (!match?.[1])
      throw new SlackInputError('That switch is not one Triad made. Open your Home tab again.');
    return setActivitySharing({ actor, engagementId: match[1], on: match[2] === 'on' }, deps.core);
  });
