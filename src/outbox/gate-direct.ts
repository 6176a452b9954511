import { type Gated, passOutboundGate } from '../confidentiality/outbound-gate.js';
import type { Form, OutboundMessage } from '../messages/message.js';
import type { TextHasher } from '../ports/cipher.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { UnitOfWork } from '../ports/repositories.js';
import { gateLookups } from './gate-lookups.js';

export interface DirectGateDeps {
  uow: UnitOfWork;
  clock: Clock;
  logger: Logger;
  /** To verify released text against its consent's keyed hash; without it no released text passes. */
  cipher?: TextHasher;
}

/**
 * The one outbound gate, for a message an adapter sends at once instead of through the outbox (help, how to set
 * up a group chat, who to add or remove). It passes the same checks as the outbox's and audits refusals in their
 * own transaction; `posted` audits allowed decisions too, as the outbox does for what it sends.
 */
export function gateDirect<T extends OutboundMessage | Form>(
  item: T,
  deps: DirectGateDeps,
  posted: boolean,
): Promise<Gated<T>> {
  return passOutboundGate(item, {
    lookups: gateLookups(deps.uow.read, deps.cipher),
    audit: (decision) =>
      deps.uow.transaction((repos) =>
        repos.audit.insert({ ...decision, actorId: null, createdAt: deps.clock.now() }),
      ),
    logger: deps.logger,
    auditAllowed: posted,
  });
}
