import { z } from 'zod';
import { type GateDecision, type Gated, passOutboundGate } from '../confidentiality/outbound-gate.js';
import { outboxRow, sealedTextRefusal } from '../confidentiality/sealed-rows.js';
import type { AuditEntry, OutboxEntry, OutboxStatus, Platform } from '../engagement/records.js';
import { isTriadError, SealedTextRefused } from '../errors.js';
import type { OutboundMessage } from '../messages/message.js';
import { deserializePayload, type OutboxPayload } from '../messages/serialize.js';
import type { Cipher } from '../ports/cipher.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/ids.js';
import type { Logger } from '../ports/logger.js';
import { DeliveryError, type Messenger } from '../ports/messenger.js';
import type { UnitOfWork } from '../ports/repositories.js';
import type { Scheduler } from '../ports/scheduler.js';
import { GUARDED_SPACES, HELD_FOR_STRANGERS, holdIfStrangers } from '../spaces/space-membership.js';
import { performInvitation } from './deliver-invitation.js';
import {
  type AddressDeps,
  directTarget,
  type SpaceTarget,
  spaceTarget,
  storeMeetingThread,
} from './delivery-address.js';
import {
  type ConversationPacer,
  conversationKey,
  type DeliveryPolicy,
  defaultDeliveryPolicy,
  retryDelayMs,
} from './delivery-policy.js';
import { gateLookups } from './gate-lookups.js';
import { meetingThreadMessages } from './meeting-thread-messages.js';
import {
  RETRACTION_WAIT_MS,
  type RetractionStep,
  refusedRetraction,
  retractionCarriesContent,
  retractionStep,
} from './retraction.js';
import { boundToRetiredSpace } from './retry-failed-delivery.js';

export const deliverOutboxEntryInput = z.object({
  outboxId: z.uuid(),
  /** The send slot reserved on an earlier run (the job waited for it); not reserved again. */
  slot: z.coerce.date().optional(),
});
export type DeliverOutboxEntryInput = z.input<typeof deliverOutboxEntryInput>;

export interface DeliveryDeps {
  uow: UnitOfWork;
  cipher: Cipher;
  clock: Clock;
  logger: Logger;
  /** One messenger per platform; the organisation's (space's) platform picks. */
  messengers: Partial<Record<Platform, Messenger>>;
  pacer?: ConversationPacer;
  policy?: DeliveryPolicy;
  /** For the notices delivery itself causes (a stranger found in a private space); uuids and the next sweep without. */
  ids?: IdGenerator;
  scheduler?: Scheduler;
  /** An organisation's platform tenant already read by the caller (a batch's claim): see AddressDeps. */
  knownTenant?: (organisationId: string) => string | undefined;
}

export type DeliveryOutcome =
  | { outcome: 'sent'; platformMessageId: string | null; recovered: boolean }
  | { outcome: 'skipped'; status: OutboxStatus | 'missing' }
  | { outcome: 'refused' }
  | { outcome: 'failed'; code: string }
  /** Not sent yet: try again at `at` (backoff, Retry-After, or the conversation's next free slot). */
  | {
      outcome: 'retry';
      code: string;
      at: Date;
      reason: 'error' | 'rate_limited' | 'paced' | 'ordered' | 'held';
      slot?: Date;
    };

/** How long an entry waits before looking again when an earlier entry for its space is still to be sent. */
export const ORDER_WAIT_MS = 250;

/**
 * Delivers one outbox entry, exactly once as far as the platform lets us tell:
 * - only a pending entry is delivered, and not before the earlier untried entries of its space (order kept);
 *   the outbound gate runs again (a release withdrawn since enqueue is refused, audited, nothing sent);
 * - the space, DM or meeting thread is opened on first use and its address stored;
 * - when an earlier attempt's outcome is unknown (attempts > 0), the conversation is searched for the entry's
 *   id first, so a crash after the send does not send twice;
 * - an attempt is recorded before the send; a platform error retries with exponential backoff, a rate-limit
 *   answer waits its Retry-After without using up an attempt, a permanent error or the last attempt ends as
 *   'failed' with a code (what HR sees as "delivery failed", never the content);
 * - a retraction (ids only; one carrying anything else is refused) deletes the platform message of the entry it
 *   takes back once that entry is sent, waits while it is still being delivered, and does nothing when it was
 *   never posted.
 */
export async function deliverOutboxEntry(
  raw: DeliverOutboxEntryInput,
  deps: DeliveryDeps,
): Promise<DeliveryOutcome> {
  const input = deliverOutboxEntryInput.parse(raw);
  const entry = await deps.uow.read.outbox.get(input.outboxId);
  if (entry?.status !== 'pending') return { outcome: 'skipped', status: entry?.status ?? 'missing' };
  const now = deps.clock.now();
  if (entry.attempts === 0 && (await deps.uow.read.outbox.hasEarlierUntried(entry, now))) {
    // A space's entries go out in the order they were written ("Kim has joined" after Kim is added).
    const at = new Date(now.getTime() + ORDER_WAIT_MS);
    return { outcome: 'retry', code: 'waiting_for_earlier', at, reason: 'ordered' };
  }
  return deliverPendingEntry(entry, deps, input.slot ? { slot: input.slot } : {});
}

/** How an entry comes to be delivered: one by one (a job), or claimed by a batch. */
export interface DeliveryRun {
  /** The send slot reserved on an earlier run of the job. */
  slot?: Date;
  /**
   * The entry was claimed by a batch (`outbox.claimDue`): its attempt is already counted and its pace taken;
   * outcomes go to the batch's writer, and a Retry-After holds what `hold` says (the tenant or conversation).
   */
  claimed?: { writer: OutcomeWriter; hold: (until: Date) => Promise<void> };
}

/** Where the outcome of an attempt is written: at once (one by one), or with the batch's other outcomes. */
export interface OutcomeWriter {
  sent(id: string, platformMessageId: string | null, at: Date): Promise<void>;
  again(
    id: string,
    change: { status: 'pending' | 'failed'; attempts: number; availableAt?: Date; lastErrorCode: string },
  ): Promise<void>;
}

const immediateWriter = (deps: DeliveryDeps): OutcomeWriter => ({
  sent: async (id, platformMessageId, at) => {
    await deps.uow.read.outbox.markSent(id, platformMessageId, at);
  },
  again: (id, change) => finish(deps, id, change),
});

/** Delivers a pending entry that may go now (its space's order checked, or claimed by a batch). */
export async function deliverPendingEntry(
  entry: OutboxEntry,
  deps: DeliveryDeps,
  run: DeliveryRun,
): Promise<DeliveryOutcome> {
  const policy = deps.policy ?? defaultDeliveryPolicy;
  const writer = run.claimed?.writer ?? immediateWriter(deps);
  // A claim counted this attempt already: an earlier one is what was counted before it.
  const earlierAttempts = run.claimed ? entry.attempts - 1 : entry.attempts;
  const log = lazyChild(deps.logger, { outboxId: entry.id, engagementId: entry.engagementId });
  if (await refusedAsRetired(entry, deps)) {
    log.warn({ outcome: 'refused', code: 'space_retired' }, 'delivery refused: its space was retired');
    return { outcome: 'refused' };
  }
  const opened = await openPayload(entry, deps);
  if (opened === undefined) {
    log.warn({ outcome: 'refused' }, 'delivery refused: the payload does not belong to this entry');
    return { outcome: 'refused' };
  }
  const payload = deserializePayload(opened);

  let gated: Gated<OutboundMessage> | undefined;
  if (payload.type === 'message') {
    gated = await regate(payload.message, entry, deps);
    if (!gated) {
      log.warn({ outcome: 'refused' }, 'delivery refused by the outbound gate');
      return { outcome: 'refused' };
    }
  }
  let retraction: RetractionStep | undefined;
  if (payload.type === 'retraction') {
    if (retractionCarriesContent(payload)) {
      await markRefused(entry.id, refusedRetraction(payload), deps);
      log.error(
        { alert: 'confidentiality_violation', reason: 'retraction_with_content' },
        'retraction refused',
      );
      return { outcome: 'refused' };
    }
    retraction = await retractionStep(deps.uow.read, payload);
    if (retraction.step === 'nothing') {
      await writer.sent(entry.id, null, deps.clock.now());
      log.info({ outcome: 'sent', retracted: false }, 'nothing posted to retract');
      return { outcome: 'sent', platformMessageId: null, recovered: false };
    }
  }
  const key = gated ? conversationKey(gated.destination) : null;
  let started = false;
  try {
    if (retraction?.step === 'wait') {
      throw new DeliveryError('retracted_message_in_flight', true, RETRACTION_WAIT_MS);
    }
    const target = await targetOf(payload, entry, deps);
    const heldUntil = gated && (await guardSpace(entry, gated, target, deps));
    if (heldUntil) return { outcome: 'retry', code: HELD_FOR_STRANGERS, at: heldUntil, reason: 'held' };
    if (earlierAttempts > 0 && gated) {
      const found = await target.messenger.findSent(target.address, entry.id, entry.createdAt);
      if (found) {
        await writer.sent(entry.id, found, deps.clock.now());
        log.info({ outcome: 'sent', recovered: true }, 'earlier attempt had been delivered');
        return { outcome: 'sent', platformMessageId: found, recovered: true };
      }
    }
    if (key && deps.pacer && !run.claimed) {
      const slot = run.slot ?? (await deps.pacer.reserve(key));
      if (slot.getTime() > deps.clock.now().getTime()) {
        return { outcome: 'retry', code: 'paced', at: slot, reason: 'paced', slot };
      }
    }
    // The attempt is recorded before the send (one conditional UPDATE, or the batch's claim), so a crash
    // during it leaves a trace.
    const attempt = run.claimed ? entry : await deps.uow.read.outbox.startAttempt(entry.id, deps.clock.now());
    if (!attempt) return { outcome: 'skipped', status: 'sent' };
    started = true;
    const platformMessageId = await perform(payload, gated, target, entry, deps, retraction);
    await writer.sent(entry.id, platformMessageId, deps.clock.now());
    // One by one, each delivery is a line; a batch writes one line for all its entries (`deliverBatch`).
    if (run.claimed) log.debug({ outcome: 'sent', attempts: attempt.attempts }, 'delivered');
    else log.info({ outcome: 'sent', attempts: attempt.attempts }, 'delivered');
    return { outcome: 'sent', platformMessageId, recovered: false };
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    return afterError(error, entry, { key, started, run, writer }, deps, policy, log);
  }
}

/**
 * A child logger made only when something is logged: most deliveries log nothing at the configured level. A
 * debug line (a batch's entry delivered, below the usual level) carries the bindings itself rather than making
 * a child for a line that is most often dropped.
 */
function lazyChild(logger: Logger, bindings: object): Logger {
  let child: Logger | undefined;
  const made = () => {
    child ??= logger.child(bindings);
    return child;
  };
  return {
    debug: (more, message) =>
      child ? child.debug(more, message) : logger.debug({ ...bindings, ...more }, message),
    info: (more, message) => made().info(more, message),
    warn: (more, message) => made().warn(more, message),
    error: (more, message) => made().error(more, message),
    child: (more) => made().child(more),
  };
}

/**
 * The entry's payload, or undefined when its ciphertext does not open for this row (altered or copied from
 * another row): treated as tampering, the entry is marked refused and the refusal audited (ids only).
 */
async function openPayload(entry: OutboxEntry, deps: DeliveryDeps): Promise<string | undefined> {
  try {
    return deps.cipher.open(entry, outboxRow(entry));
  } catch (error) {
    if (!(error instanceof SealedTextRefused)) throw error;
    await markRefused(entry.id, sealedTextRefusal(error, deps.clock.now()), deps);
    deps.logger.error(
      { alert: 'sealed_text_refused', outboxId: entry.id, engagementId: entry.engagementId },
      'an outbox payload did not open for its row',
    );
    return undefined;
  }
}

/** The delivery-time gate: refusals are audited and the entry marked refused in one transaction. */
async function regate(
  message: OutboundMessage,
  entry: OutboxEntry,
  deps: DeliveryDeps,
): Promise<Gated<OutboundMessage> | undefined> {
  let refusal: GateDecision | undefined;
  try {
    return await passOutboundGate(message, {
      lookups: gateLookups(deps.uow.read, deps.cipher, { readers: entry.readers }),
      audit: async (decision) => {
        refusal = decision;
      },
      logger: deps.logger,
      auditAllowed: false,
    });
  } catch (error) {
    if (!isTriadError(error) || error.code !== 'confidentiality_violation' || !refusal) throw error;
    await markRefused(entry.id, refusal, deps);
    return undefined;
  }
}

/**
 * An entry written for a space that a coach change has since retired was meant for the people of that space
 * only: it is refused (never re-targeted to the new space), with a code and an audit row without content.
 */
async function refusedAsRetired(entry: OutboxEntry, deps: DeliveryDeps): Promise<boolean> {
  if (!(await boundToRetiredSpace(deps.uow.read, entry))) return false;
  await markRefused(
    entry.id,
    {
      engagementId: entry.engagementId,
      actorId: null,
      action: 'delivery_refused',
      outcome: 'refused',
      details: { outboxId: entry.id, reason: 'space_retired' },
      createdAt: deps.clock.now(),
    },
    deps,
    'space_retired',
  );
  return true;
}

/** A private space may hold only its people: the space rule holds the entry when it holds someone else. */
async function guardSpace(
  entry: OutboxEntry,
  gated: Gated<OutboundMessage>,
  target: Target,
  deps: DeliveryDeps,
): Promise<Date | undefined> {
  const destination = gated.destination;
  if (destination.kind !== 'space' || !GUARDED_SPACES.has(destination.space)) return undefined;
  // The space row the entry was written for, never whoever holds the space now.
  const space = entry.spaceId
    ? await deps.uow.read.spaces.get(entry.spaceId)
    : await deps.uow.read.spaces.find(destination.engagementId, destination.space);
  if (!space) return undefined;
  return holdIfStrangers(entry, { space, messenger: target.messenger, address: target.address }, deps);
}

/** Audits a refusal and marks the entry refused (if still pending), in one transaction. */
async function markRefused(
  outboxId: string,
  audit: GateDecision | AuditEntry,
  deps: DeliveryDeps,
  code = 'confidentiality_violation',
): Promise<void> {
  await deps.uow.transaction(async (repos) => {
    await repos.audit.insert({ actorId: null, createdAt: deps.clock.now(), ...audit });
    const current = await repos.outbox.get(outboxId);
    if (current?.status !== 'pending') return;
    await repos.outbox.update({
      ...current,
      status: 'refused',
      lastErrorCode: code,
      updatedAt: deps.clock.now(),
    });
  });
}

interface Target extends SpaceTarget {
  threadAddress?: unknown;
  threadMeetingId?: string;
}

async function targetOf(payload: OutboxPayload, entry: OutboxEntry, deps: AddressDeps): Promise<Target> {
  if (payload.type !== 'message') return spaceTarget(deps, entry.spaceId);
  const destination = payload.message.destination;
  if (destination.kind === 'hr') return directTarget(deps, destination.personId);
  if (destination.kind === 'reply') throw new DeliveryError('reply_in_outbox', false);
  const target: Target = await spaceTarget(deps, entry.spaceId);
  if (destination.threadMeetingId) {
    const meeting = await deps.uow.read.meetings.get(destination.threadMeetingId);
    target.threadMeetingId = destination.threadMeetingId;
    if (meeting?.threadAddress !== null && meeting?.threadAddress !== undefined) {
      target.threadAddress = meeting.threadAddress;
    }
  }
  return target;
}

async function perform(
  payload: OutboxPayload,
  gated: Gated<OutboundMessage> | undefined,
  target: Target,
  entry: OutboxEntry,
  deps: DeliveryDeps,
  retraction: RetractionStep | undefined,
): Promise<string | null> {
  if (payload.type === 'retraction') {
    const found =
      retraction?.step === 'delete'
        ? retraction.platformMessageId
        : retraction?.step === 'search'
          ? await target.messenger.findSent(target.address, retraction.outboxId, retraction.since)
          : undefined;
    if (found) await target.messenger.retract(target.address, found);
    return found ?? null;
  }
  if (payload.type === 'invitation') return performInvitation(payload, target, deps);
  if (payload.type === 'membership') {
    const person = await deps.uow.read.people.get(payload.personId);
    if (!person) throw new DeliveryError('person_missing', false);
    if (payload.change === 'add') await target.messenger.addMember(target.address, person.platformUserId);
    else await target.messenger.removeMember(target.address, person.platformUserId);
    return null;
  }
  if (!gated) throw new DeliveryError('not_gated', false);
  const inOneMessage = target.threadMeetingId !== undefined && target.messenger.threadInOneMessage;
  const threadMessages = inOneMessage
    ? await meetingThreadMessages(entry, gated, target.threadMeetingId ?? '', deps)
    : undefined;
  const result = await target.messenger.send(target.address, gated, {
    outboxId: entry.id,
    ...(target.threadAddress !== undefined ? { threadAddress: target.threadAddress } : {}),
    ...(threadMessages ? { threadMessages } : {}),
  });
  if (target.threadMeetingId && target.threadAddress === undefined && result.threadAddress !== undefined) {
    await storeMeetingThread(deps, target.threadMeetingId, result.threadAddress);
  }
  return result.messageId;
}

/** After a failed attempt: back to pending with a later `availableAt`, or failed for good. */
async function finish(
  deps: DeliveryDeps,
  outboxId: string,
  change: Partial<OutboxEntry> & { status: 'pending' | 'failed' },
): Promise<void> {
  await deps.uow.transaction(async (repos) => {
    const current = await repos.outbox.get(outboxId);
    if (!current) return;
    await repos.outbox.update({ ...current, ...change, updatedAt: deps.clock.now() });
  });
}

interface ErrorContext {
  key: string | null;
  started: boolean;
  run: DeliveryRun;
  writer: OutcomeWriter;
}

async function afterError(
  error: DeliveryError,
  entry: OutboxEntry,
  { key, started, run, writer }: ErrorContext,
  deps: DeliveryDeps,
  policy: DeliveryPolicy,
  log: Logger,
): Promise<DeliveryOutcome> {
  const { code } = error;
  const now = deps.clock.now();
  const outboxId = entry.id;
  // A claimed entry is the batch's alone until its lease ends: no need to read it again.
  const current = run.claimed ? entry : await deps.uow.read.outbox.get(outboxId);
  if (current?.status !== 'pending') return { outcome: 'skipped', status: current?.status ?? 'missing' };
  if (error.retryable && error.retryAfterMs !== undefined) {
    const at = new Date(now.getTime() + error.retryAfterMs);
    if (run.claimed) await run.claimed.hold(at);
    else if (key && deps.pacer) await deps.pacer.holdUntil(key, at);
    // The platform said "not now": the attempt did not happen, so it does not count.
    const attempts = started ? Math.max(0, current.attempts - 1) : current.attempts;
    await writer.again(outboxId, { status: 'pending', attempts, availableAt: at, lastErrorCode: code });
    log.warn({ code, retryAfterMs: error.retryAfterMs }, 'rate limited; waiting as asked');
    return { outcome: 'retry', code, at, reason: 'rate_limited' };
  }
  // A failure before the send (opening the space) counts as an attempt too, so it cannot retry for ever.
  const attempts = started ? current.attempts : current.attempts + 1;
  if (!error.retryable || attempts >= policy.maxAttempts) {
    await writer.again(outboxId, { status: 'failed', attempts, lastErrorCode: code });
    log.error({ code, attempts }, 'delivery failed');
    return { outcome: 'failed', code };
  }
  const at = new Date(now.getTime() + retryDelayMs(attempts, policy));
  await writer.again(outboxId, { status: 'pending', attempts, availableAt: at, lastErrorCode: code });
  log.warn({ code, attempts }, 'delivery will be retried');
  return { outcome: 'retry', code, at, reason: 'error' };
}
