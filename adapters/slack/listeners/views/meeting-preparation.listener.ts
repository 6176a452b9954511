import { savePreparation } from '../../../../src/use-cases/preparation/save-preparation.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onSubmit, textValue } from './on-submit.js';

/** The client's private notes for a meeting they own. */
export const meetingPreparationSubmitted = (deps: SlackDeps) =>
  onSubmit(deps, async ({ actor, values, context }) =>
    savePreparation({ actor, meetingId: context.meetingId ?? '', notes: textValue(values.notes) }, deps.core),
  );
