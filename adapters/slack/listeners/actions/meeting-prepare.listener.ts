import { openPreparationForm } from '../../../../src/use-cases/preparation/open-preparation-form.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/** "Prepare privately" before an alignment, mid-point or closing meeting opens the client's notes form. */
export const meetingPrepare = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) => {
    const { form } = await openPreparationForm({ actor, meetingId: value }, deps.core);
    return { reply: form };
  });
