import type { OutboxEntry } from '../engagement/records.js';
import type { OutboundMessage } from '../messages/message.js';
import { deserializePayload } from '../messages/serialize.js';
import type { Cipher } from '../ports/cipher.js';
import type { Repositories } from '../ports/repositories.js';

/** How long a message waits before looking again for the entry it must follow. */
export const orderWaitMs = 1_000;

/**
 * Keeps a space's messages in the order they were caused, without letting one stuck entry block the space:
 * a message to a space waits while an entry of the same space that has not been tried yet is due before it —
 * one written earlier, or a membership change written in the same transaction (a coach joins before the
 * post that says so). Entries already retrying (backoff, waiting for people) do not hold others back.
 */
export async function mustWaitForEarlier(
  read: Repositories,
  cipher: Cipher,
  entry: OutboxEntry,
  message: OutboundMessage,
  now: Date,
): Promise<boolean> {
  const destination = message.destination;
  if (destination.kind !== 'space' || !entry.engagementId) return false;
  const others = await read.outbox.listByEngagement(entry.engagementId);
  for (const other of others) {
    if (other.id === entry.id || other.status !== 'pending' || other.attempts > 0) continue;
    if (other.availableAt.getTime() > now.getTime()) continue;
    const to = other.destination as { kind?: string; space?: string };
    if (to.kind !== 'space' || to.space !== destination.space) continue;
    const earlier = other.createdAt.getTime() < entry.createdAt.getTime();
    if (earlier) return true;
    if (other.createdAt.getTime() === entry.createdAt.getTime()) {
      const payload = deserializePayload(cipher.open({ ciphertext: other.ciphertext, keyId: other.keyId }));
      if (payload.type === 'membership') return true;
    }
  }
  return false;
}
