import type { Gated } from '../../src/confidentiality/outbound-gate.js';
import type { Form, OutboundMessage } from '../../src/messages/message.js';
import { type DirectGateDeps, gateDirect } from '../../src/outbox/gate-direct.js';

export type GateContext = DirectGateDeps;

/**
 * The core's one outbound gate, for the few messages the Teams adapter composes itself (how to set up a group
 * chat, who to add or remove, help). They hold logistics only, and pass the same checks and audit as the core's.
 */
export function gateForTeams<T extends OutboundMessage | Form>(
  item: T,
  deps: GateContext,
  posted: boolean,
): Promise<Gated<T>> {
  return gateDirect(item, deps, posted);
}
