import { type GateDecision, type Gated, passOutboundGate } from '../confidentiality/outbound-gate.js';
import type { AuditEntry } from '../engagement/records.js';
import { isTriadError, TriadError } from '../errors.js';
import type { Form, OutboundMessage } from '../messages/message.js';
import { type OutboxPayload, serializePayload } from '../messages/serialize.js';
import type { Repositories } from '../ports/repositories.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { gateLookups, liveSpaceBinding } from './gate-lookups.js';

/** What a use case can do inside its transaction besides using the repositories. */
export interface Unit {
  readonly repos: Repositories;
  /**
   * Gates, encrypts and stores a message in the outbox; delivered after commit. Returns the entry's id: a new
   * one, or that of the entry stored before under the same idempotency key (the cause is a repeat).
   */
  send(message: OutboundMessage, idempotencyKey: string, options?: { availableAt?: Date }): Promise<string>;
  /** Queues a membership change of a space (coach joins or leaves). */
  membership(change: Extract<OutboxPayload, { type: 'membership' }>, idempotencyKey: string): Promise<string>;
  /** Whether this transaction stored outbox entry `outboxId` (false: an earlier one did, under the same key). */
  isNew(outboxId: string): boolean;
  /** Gates an immediate reply or form for the person acting (nothing stored). */
  reply<T extends OutboundMessage | Form>(item: T): Promise<Gated<T>>;
  audit(
    entry: Omit<AuditEntry, 'createdAt' | 'outcome'> & { outcome?: AuditEntry['outcome'] },
  ): Promise<void>;
  /** Marks an engagement whose schedule must be rebuilt after commit. */
  touch(engagementId: string): void;
  /** Hands an existing outbox row (e.g. one put back to pending) to delivery after commit. */
  deliverAfterCommit(outboxId: string): void;
}

/**
 * Runs `work` in one transaction: state changes, outbox rows and audit entries commit together or not at all.
 * After commit it hands outbox rows to delivery and asks the scheduler to resync touched engagements; if that
 * fails (Redis down) the change still stands and reconciliation picks it up.
 */
export async function inTransaction<T>(deps: CoreDeps, work: (unit: Unit) => Promise<T>): Promise<T> {
  const outboxIds: string[] = [];
  const touched = new Set<string>();
  const created = new Set<string>();
  const result = await deps.uow.transaction(async (repos) => {
    outboxIds.length = 0;
    touched.clear();
    created.clear();
    const auditDecision = (decision: GateDecision) =>
      repos.audit.insert({ ...decision, actorId: null, createdAt: deps.clock.now() });
    const gate = (auditAllowed: boolean) => ({
      lookups: gateLookups(repos),
      audit: auditDecision,
      logger: deps.logger,
      auditAllowed,
    });
    const store = async (
      payload: OutboxPayload,
      engagementId: string | null,
      key: string,
      availableAt?: Date,
    ) => {
      const now = deps.clock.now();
      const sealed = deps.cipher.seal(serializePayload(payload));
      const destination =
        payload.type === 'message'
          ? payload.message.destination
          : ({ kind: 'space', engagementId: payload.engagementId, space: payload.space } as const);
      // Bound to the space row and readers of now: delivery and retries never look for the current holder.
      const binding =
        destination.kind === 'space'
          ? await liveSpaceBinding(repos, destination.engagementId, destination.space)
          : undefined;
      const readers = destination.kind === 'hr' ? [destination.personId] : (binding?.readers ?? []);
      const id = deps.ids.newId();
      const stored = await repos.outbox.insert({
        id,
        engagementId,
        destination,
        spaceId: binding?.spaceId ?? null,
        readers,
        idempotencyKey: key,
        ciphertext: sealed.ciphertext,
        keyId: sealed.keyId,
        status: 'pending',
        attempts: 0,
        lastErrorCode: null,
        availableAt: availableAt ?? now,
        sentAt: null,
        platformMessageId: null,
        createdAt: now,
        updatedAt: now,
      });
      outboxIds.push(stored.id);
      if (stored.id === id) created.add(id);
      return stored.id;
    };
    const unit: Unit = {
      repos,
      async send(message, key, options) {
        if (message.destination.kind === 'reply') {
          throw new TriadError('validation_failed', 'A reply cannot go through the outbox.');
        }
        await passOutboundGate(message, gate(true));
        const engagementId =
          message.destination.kind === 'space'
            ? message.destination.engagementId
            : (message.destination.engagementId ?? null);
        return store({ type: 'message', message }, engagementId, key, options?.availableAt);
      },
      membership: (change, key) => store(change, change.engagementId, key),
      isNew: (outboxId) => created.has(outboxId),
      reply: (item) => passOutboundGate(item, gate(false)),
      audit: (entry) => repos.audit.insert({ outcome: 'done', ...entry, createdAt: deps.clock.now() }),
      touch: (engagementId) => touched.add(engagementId),
      deliverAfterCommit: (outboxId) => {
        outboxIds.push(outboxId);
      },
    };
    return work(unit);
  });
  await afterCommit(deps, outboxIds, touched);
  return result;
}

async function afterCommit(deps: CoreDeps, outboxIds: string[], touched: Set<string>): Promise<void> {
  try {
    if (outboxIds.length > 0) await deps.scheduler.deliver(outboxIds);
    for (const engagementId of touched) await deps.scheduler.syncEngagement(engagementId);
  } catch (error) {
    deps.logger.warn(
      { err: isTriadError(error) ? error.code : (error as Error)?.name, outboxIds: outboxIds.length },
      'scheduling after commit failed; reconciliation will catch up',
    );
  }
}
