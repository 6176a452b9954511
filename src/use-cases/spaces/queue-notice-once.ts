import type { OutboundMessage } from '../../messages/message.js';
import { inTransaction } from '../../outbox/unit.js';
import type { CoreDeps } from '../deps.js';
import { type ClaimInput, claimInput } from '../requests/claim-request.js';
import { parseInput } from '../shared/parse-input.js';

/**
 * Queues a notice through the outbox (gated, audited, retried like any message) once per key: the key is
 * claimed in the same transaction, so several deliveries asking at once send it once. `message` is composed by
 * code (a platform's own instructions, logistics only), never from what someone typed.
 */
export async function queueNoticeOnce(
  raw: Pick<ClaimInput, 'key'>,
  message: OutboundMessage,
  deps: CoreDeps,
): Promise<boolean> {
  const { key } = parseInput(claimInput.pick({ key: true }), raw);
  return inTransaction(deps, async (unit) => {
    const first = await unit.repos.processed.insert({
      key,
      outcome: { notice: true },
      createdAt: deps.clock.now(),
    });
    if (first) await unit.send(message, key);
    return first;
  });
}
