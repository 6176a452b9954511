import { type Gated, passOutboundGate } from '../../src/confidentiality/outbound-gate.js';
import type { Form, OutboundMessage } from '../../src/messages/message.js';
import { gateLookups } from '../../src/outbox/gate-lookups.js';
import type { TextHasher } from '../../src/ports/cipher.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Logger } from '../../src/ports/logger.js';
import type { UnitOfWork } from '../../src/ports/repositories.js';

export interface GateContext {
  uow: UnitOfWork;
  clock: Clock;
  logger: Logger;
  /** To verify released text against its consent's keyed hash; without it no released text passes. */
  cipher?: TextHasher;
}

/**
 * The core's one outbound gate, for the few messages the Teams adapter composes itself (how to set up a group
 * chat, who to add or remove, help). They hold logistics only, and pass the same checks and audit as the core's.
 * `posted` audits allowed decisions too, as the outbox does for what it sends.
 */
export function gateForTeams<T extends OutboundMessage | Form>(
  item: T,
  deps: GateContext,
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
