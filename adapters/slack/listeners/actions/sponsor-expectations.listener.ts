import { openExpectationsForm } from '../../../../src/use-cases/sponsor/open-expectations-form.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/** "Share expectations" in the sponsor space opens the sponsor's form (a modal). */
export const sponsorExpectations = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) => openExpectationsForm({ actor, engagementId: value }, deps.core));
