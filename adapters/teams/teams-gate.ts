import { type GateReplyDeps, gateReply } from '../../src/commands/gate-reply.js';
import type { Gated } from '../../src/confidentiality/outbound-gate.js';
import type { Form, OutboundMessage } from '../../src/messages/message.js';

export type GateContext = GateReplyDeps;

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
  return gateReply(item, deps, posted);
}
