import { expectationsFieldId } from '../../../../src/messages/compose/sponsor-thread.js';
import { postSponsorExpectations } from '../../../../src/use-cases/sponsor/post-sponsor-expectations.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onSubmit, textValue } from './on-submit.js';

/** The sponsor's expectations form: posted, sponsor-authored, in the sponsor thread. */
export const sponsorExpectationsSubmitted = (deps: SlackDeps) =>
  onSubmit(deps, async ({ actor, values, context }) =>
    postSponsorExpectations(
      { actor, engagementId: context.engagementId ?? '', text: textValue(values[expectationsFieldId]) },
      deps.core,
    ),
  );
