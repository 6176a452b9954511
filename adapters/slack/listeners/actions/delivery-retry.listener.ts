import { retryDeliveries } from '../../../../src/use-cases/hr/retry-deliveries.js';
import type { SlackDeps } from '../../slack-deps.js';
import { onAction } from './on-action.js';

/** HR's "Retry delivery" on an engagement's status: its failed messages go back in the queue (HR rights checked). */
export const deliveryRetry = (deps: SlackDeps) =>
  onAction(deps, async ({ actor, value }) =>
    retryDeliveries({ actor, engagement: { kind: 'id', id: value } }, deps.core),
  );
