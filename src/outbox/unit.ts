import { type GateDecision, type Gated, passOutboundGate } from '../confidentiality/outbound-gate.js';
import { outboxRow, sealedTextRefusal } from '../confidentiality/sealed-rows.js';
import type { AuditEntry } from '../engagement/records.js';
import { isTriadError, SealedTextRefused, TriadError } from '../errors.js';
import type { Form, OutboundMessage } from '../messages/message.js';
import { type OutboxPayload, serializePayload } from '../messages/serialize.js';
import type { Repositories } from '../ports/repositories.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { gateLookups, liveSpaceBinding } from './gate-lookups.js';
import { retractable } from './retraction.js';

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
  /** Queues the invitation of a coach from outside the organisation to a space (delivered like any entry). */
  invite(invitation: Extract<OutboxPayload, { type: 'invitation' }>, idempotencyKey: string): Promise<string>;
  /**
   * Takes back a message stored for an engagement space (a withdrawn release). Never tried yet: the entry is
   * cancelled and will never be posted. Otherwise a retraction entry is queued — ids only, delivered with the
   * same idempotency and ordering as any entry — which deletes the posted message once the entry is sent.
   */
  retract(outboxId: string, idempotencyKey: string): Promise<Retraction>;
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

/** What taking back a message did: cancelled it before it was posted, or queued a retraction entry. */
export type Retraction = { cancelled: true } | { cancelled: false; retractionId: string };

/**
 * Runs `work` in one transaction: state changes, outbox rows and audit entries commit together or not at all.
 * After commit it hands outbox rows to delivery and asks the scheduler to resync touched engagements; if that
 * fails (Redis down) the change still stands and reconciliation picks it up.
 */
export async function inTransaction<T>(deps: CoreDeps, work: (unit: Unit) => Promise<T>): Promise<T> {
  const outboxIds: string[] = [];
  const touched = new Set<string>();
  const created = new Set<string>();
  const result = await refusingMovedText(deps, async (repos) => {
    outboxIds.length = 0;
    touched.clear();
    created.clear();
    const auditDecision = (decision: GateDecision) =>
      repos.audit.insert({ ...decision, actorId: null, createdAt: deps.clock.now() });
    const gate = (auditAllowed: boolean) => ({
      lookups: gateLookups(repos, deps.cipher),
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
      const id = deps.ids.newId();
      const sealed = deps.cipher.seal(serializePayload(payload), outboxRow({ id, engagementId }));
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
      invite: (invitation, key) => store(invitation, invitation.engagementId, key),
      async retract(outboxId, key) {
        const posted = await repos.outbox.get(outboxId);
        const engagementId = posted?.engagementId;
        if (!posted || !engagementId || !retractable(posted, engagementId)) {
          throw new TriadError(
            'validation_failed',
            'Only a message posted in an engagement space can be taken back.',
          );
        }
        if (await repos.outbox.cancelUntried(posted.id, 'retracted', deps.clock.now()))
          return { cancelled: true };
        const space = (posted.destination as { space: 'sponsor' | 'coaching' }).space;
        const retractionId = await store(
          { type: 'retraction', engagementId, space, retracts: posted.id },
          engagementId,
          key,
        );
        return { cancelled: false, retractionId };
      },
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

/**
 * A ciphertext that did not open for its row is tampering: the transaction is rolled back, the refusal audited
 * on its own (ids only, no content), an alert logged, and the person gets the refusal's words.
 */
function refusingMovedText<T>(deps: CoreDeps, work: (repos: Repositories) => Promise<T>): Promise<T> {
  return deps.uow.transaction(work).catch(async (error: unknown) => {
    if (error instanceof SealedTextRefused) {
      deps.logger.error(
        {
          alert: 'sealed_text_refused',
          engagementId: error.context.engagementId,
          table: error.context.table,
        },
        'a ciphertext did not open for its row',
      );
      await deps.uow.transaction((repos) => repos.audit.insert(sealedTextRefusal(error, deps.clock.now())));
    }
    throw error;
  });
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
