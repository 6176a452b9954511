import { type Gated, passOutboundGate } from '../confidentiality/outbound-gate.js';
import type { Form, OutboundMessage } from '../messages/message.js';
import { gateLookups } from '../outbox/gate-lookups.js';
import type { TextHasher } from '../ports/cipher.js';
import type { CoreDeps } from '../use-cases/deps.js';

/** What gating a reply outside a transaction needs: the store to read and audit in, the clock, the logger. */
export type GateReplyDeps = Pick<CoreDeps, 'uow' | 'clock' | 'logger'> & { cipher?: TextHasher };

/**
 * Passes something Triad composed outside a transaction (help, a form) through the one outbound gate. `posted`
 * audits allowed decisions too, as the outbox does for what it sends; refusals are always audited.
 */
export function gateReply<T extends OutboundMessage | Form>(
  item: T,
  deps: GateReplyDeps,
  posted = false,
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
