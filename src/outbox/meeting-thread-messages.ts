import { type Gated, passOutboundGate } from '../confidentiality/outbound-gate.js';
import { outboxRow } from '../confidentiality/sealed-rows.js';
import type { OutboxEntry } from '../engagement/records.js';
import { isTriadError } from '../errors.js';
import type { OutboundMessage } from '../messages/message.js';
import { deserializePayload } from '../messages/serialize.js';
import type { Cipher } from '../ports/cipher.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { ThreadMessage } from '../ports/messenger.js';
import type { UnitOfWork } from '../ports/repositories.js';
import { gateLookups } from './gate-lookups.js';

export interface ThreadHistoryDeps {
  uow: UnitOfWork;
  cipher: Cipher;
  clock: Clock;
  logger: Logger;
}

const threadOf = (entry: OutboxEntry): { meetingId?: string; role?: string } => {
  const destination = entry.destination as { kind?: string; threadMeetingId?: unknown; threadRole?: unknown };
  if (destination?.kind !== 'space' || typeof destination.threadMeetingId !== 'string') return {};
  return {
    meetingId: destination.threadMeetingId,
    ...(typeof destination.threadRole === 'string' ? { role: destination.threadRole } : {}),
  };
};

/**
 * A meeting's thread in one space row as a platform that shows it as one message updated in place needs it: the
 * messages delivered there and `message` (the one being delivered, `entry`'s), in the order they were written
 * (`listByEngagement`'s order), so an entry retried after a later one was sent takes its own place. Each delivered
 * one is opened from its sealed payload and gated again now, with its own readers: one the gate now refuses is
 * left out (audited, as at delivery), and so is every `post` (what the client released is a message of its own,
 * never folded into a card).
 */
export async function meetingThreadMessages(
  entry: OutboxEntry,
  message: Gated<OutboundMessage>,
  meetingId: string,
  deps: ThreadHistoryDeps,
): Promise<ThreadMessage[]> {
  const written = entry.engagementId ? await deps.uow.read.outbox.listByEngagement(entry.engagementId) : [];
  const inThread = written.filter((other) => {
    if (other.id === entry.id) return true;
    const thread = threadOf(other);
    return (
      other.status === 'sent' &&
      other.spaceId === entry.spaceId &&
      thread.meetingId === meetingId &&
      thread.role !== 'post'
    );
  });
  if (!inThread.some((other) => other.id === entry.id)) inThread.push(entry);
  const thread: ThreadMessage[] = [];
  for (const one of inThread) {
    const opened = one.id === entry.id ? message : await reopened(one, deps);
    if (opened) thread.push({ outboxId: one.id, message: opened });
  }
  return thread;
}

async function reopened(entry: OutboxEntry, deps: ThreadHistoryDeps) {
  let payload: ReturnType<typeof deserializePayload>;
  try {
    payload = deserializePayload(deps.cipher.open(entry, outboxRow(entry)));
  } catch {
    // Its own delivery already refused and audited a payload that does not open; it was never shown.
    return undefined;
  }
  if (payload.type !== 'message') return undefined;
  try {
    return await passOutboundGate<OutboundMessage>(payload.message, {
      lookups: gateLookups(deps.uow.read, deps.cipher, { readers: entry.readers }),
      audit: (decision) =>
        deps.uow.read.audit.insert({ actorId: null, createdAt: deps.clock.now(), ...decision }),
      logger: deps.logger,
      auditAllowed: false,
    });
  } catch (error) {
    if (isTriadError(error) && error.code === 'confidentiality_violation') return undefined;
    throw error;
  }
}
