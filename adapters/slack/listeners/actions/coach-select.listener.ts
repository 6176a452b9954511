import { parseCoachChoiceValue } from '../../../../src/messages/compose/matching-choice.js';
import { selectCoach } from '../../../../src/use-cases/matching/select-coach.js';
import { SlackInputError } from '../../errors.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/** The client picks a coach from the shortlist buttons in their DM. */
export const coachSelect = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) => {
    const choice = parseCoachChoiceValue(value);
    if (!choice)
      throw new SlackInputError('That coach button is not one Triad made. Use the buttons in your DM.');
    return selectCoach({ actor, ...choice }, deps.core);
  });
