import type { OutboxEntry, Platform } from '../engagement/records.js';
import type { Destination } from '../messages/message.js';
import { uuidIds } from '../ports/ids.js';
import type { ClaimedDelivery, DeliveryRecord, UnitOfWork } from '../ports/repositories.js';
import { HELD_FOR_STRANGERS } from '../spaces/space-membership.js';
import { type ClaimLease, guardedMessengers, holdClaims } from './claim-lease.js';
import {
  type DeliveryDeps,
  type DeliveryOutcome,
  deliverPendingEntry,
  type OutcomeWriter,
} from './deliver-outbox-entry.js';
import { conversationKey } from './delivery-policy.js';

/** What one send is paced by: its conversation, and its platform tenant (Slack workspace, Teams tenant). */
export interface PaceRequest {
  platform: Platform | null;
  tenant: string | null;
  conversation: string | null;
  /** When the entry was given the send slot it holds (it was claimed at that slot), or null: it holds none. */
  reservedAt: Date | null;
}

/**
 * Token buckets shared by every worker (Redis in the jobs layer): per conversation and per tenant, with the
 * platform's documented limits.
 */
export interface DeliveryPacer {
  /**
   * For each request: 0 when it may go now (a send taken from its conversation's and its tenant's buckets), or
   * how many milliseconds until the send slot it is given, which it then holds: put back to that time with
   * `pacedAt` = `now`, it comes back holding it (`reservedAt`) and goes without being put in line again. A
   * request holding a slot goes at once, unless its slot became void (a Retry-After since) or it came too late
   * for it: then it is given another. Successive calls give successive slots. Atomic.
   */
  take(requests: readonly PaceRequest[], now: Date): Promise<number[]>;
  /** The platform answered "too many" with a Retry-After: nothing more goes to that tenant before `until`. */
  hold(request: PaceRequest, until: Date): Promise<void>;
}

export interface BatchOptions {
  /** Entries claimed at once. */
  size: number;
  /** How long a claim lasts: a worker that dies leaves its entries to others after this long. */
  leaseMs: number;
  /**
   * How long the batch waits for its pace (Redis) before putting its entries back untried; half the lease
   * unless given, so a stalled pacer never holds a batch past its claim.
   */
  paceTimeoutMs?: number;
}

/** Where an entry of the batch is counted in its result. */
type Counted = 'sent' | 'later' | 'other';

/** When the pacer failed or did not answer in time: how soon the batch's entries are due again. */
export const PACER_UNAVAILABLE_RETRY_MS = 1_000;

export interface BatchDeps extends DeliveryDeps {
  deliveryPacer?: DeliveryPacer;
}

export interface BatchResult {
  claimed: number;
  sent: number;
  /** Not yet: paced, rate limited, held or retried later. */
  later: number;
  /** Failed, refused, no longer pending, or no longer this batch's (its lease ran out and another took it). */
  other: number;
}

/**
 * Delivers a batch of due outbox entries: claims them (one statement; each entry's attempt counted, leased to
 * this worker), takes their pace from the shared buckets (an entry that may not go now is given its send slot
 * and goes back to wait for it holding it, its attempt not counted: claimed at that slot, it is sent without
 * being put in line again, so a backlog is claimed about twice per entry, not once per batch before it; only the
 * entries that go now are fenced), sends the others concurrently with the same checks as
 * one by one (outbound gate, retired space, space guard, a search before re-sending after an unknown outcome),
 * and writes every outcome in one statement. A worker that dies in between leaves its claimed entries to be
 * claimed again after the lease: they are then looked for on the platform before being sent again.
 *
 * The claim carries a token (a random uuid per batch). Right before sending, the batch fences it
 * (`holdClaims`: `outbox.confirmClaims` with the token, one statement, a read when the claim is still fresh):
 * only entries still carrying the token are sent, their lease renewed; one whose lease ran out while the batch
 * was slow (a stalled pacer, Redis paused) and that another worker claimed is left to it, neither sent nor
 * recorded. While the sends are in
 * flight a heartbeat renews the lease every third of it, so a slow send is not claimed again; an entry a
 * renewal finds taken is not sent if not yet sent. Outcomes are written only for entries carrying the token.
 * A pacer that fails or does not answer within `paceTimeoutMs` puts the batch's entries back untried.
 */
export async function deliverBatch(deps: BatchDeps, options: BatchOptions): Promise<BatchResult> {
  const now = deps.clock.now();
  const leaseUntil = new Date(now.getTime() + options.leaseMs);
  const token = (deps.ids ?? uuidIds).newId();
  const claimed = await deps.uow.read.outbox.claimDue(now, options.size, leaseUntil, token);
  if (claimed.length === 0) return { claimed: 0, sent: 0, later: 0, other: 0 };
  const requests = claimed.map(paceRequest);
  const pacingAt = deps.clock.now();
  const waits = await paceOf(deps, requests, pacingAt, options);
  const waitOf = (index: number) => (waits === undefined ? PACER_UNAVAILABLE_RETRY_MS : (waits[index] ?? 0));
  const ids = claimed.map((item) => item.entry.id);
  // Only what goes now is fenced: an entry put back is written with the token, which a later claim replaces.
  const lease = await holdClaims(
    deps,
    token,
    ids.filter((_, index) => waitOf(index) === 0),
    options.leaseMs,
    { at: now, until: leaseUntil },
  );
  const records: DeliveryRecord[] = [];
  const writer = collectingWriter(records, deps);
  const sending = Promise.all(
    claimed.map(async (item, index): Promise<Counted | undefined> => {
      const wait = waitOf(index);
      if (wait > 0) {
        // Put back to its slot, holding it; when the pacer did not answer, with what it held before.
        const at = new Date(pacingAt.getTime() + wait);
        const pacedAt = waits === undefined ? item.reservedAt : pacingAt;
        records.push(notYet(item.entry, at, item.entry.lastErrorCode, deps, pacedAt));
        return 'later';
      }
      if (!lease.holds(item.entry.id)) {
        deps.logger.warn({ outboxId: item.entry.id }, 'claim ran out before sending; left to its new claim');
        return 'other';
      }
      const request = requests[index] as PaceRequest;
      const outcome = await deliverClaimed(item, deps, writer, request, lease);
      if (outcome === undefined) return undefined;
      if (outcome.outcome === 'retry' && outcome.reason === 'held') {
        records.push(notYet(item.entry, outcome.at, HELD_FOR_STRANGERS, deps));
      }
      if (outcome.outcome === 'sent') return 'sent';
      return outcome.outcome === 'retry' ? 'later' : 'other';
    }),
  );
  let kinds: (Counted | undefined)[];
  try {
    kinds = await sending;
  } finally {
    await lease.stop();
  }
  // An entry found taken by another batch (or not sent for it) is left to that batch: not recorded.
  const result: BatchResult = { claimed: claimed.length, sent: 0, later: 0, other: 0 };
  kinds.forEach((kind, index) => {
    const counted = lease.lost(ids[index] as string) ? 'other' : kind;
    if (counted) result[counted] += 1;
  });
  await deps.uow.read.outbox.recordOutcomes(
    records.filter((record) => !lease.lost(record.id)),
    token,
  );
  // One line per batch (each entry's own line is at debug): its outcome is on its outbox row.
  deps.logger.info({ batch: token, ...result }, 'delivery batch done');
  return result;
}

/** The waits the pacer answers, or undefined when it failed or did not answer within the pace timeout. */
async function paceOf(
  deps: BatchDeps,
  requests: PaceRequest[],
  now: Date,
  options: BatchOptions,
): Promise<number[] | undefined> {
  const pacer = deps.deliveryPacer;
  if (!pacer) return requests.map(() => 0);
  const limitMs = options.paceTimeoutMs ?? Math.floor(options.leaseMs / 2);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const taking = pacer.take(requests, now);
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), limitMs);
  });
  try {
    const answer = await Promise.race([taking, timedOut]);
    if (answer !== 'timeout') return answer;
    // A late answer (Redis back) is dropped; a late failure must not go unhandled.
    taking.catch(() => undefined);
    deps.logger.warn({ entries: requests.length }, 'pacer did not answer in time; batch put back untried');
    return undefined;
  } catch (error) {
    deps.logger.warn({ err: (error as Error)?.name }, 'pacer failed; batch put back untried');
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** One claimed entry; undefined when something other than the platform failed (the lease brings it back). */
async function deliverClaimed(
  item: ClaimedDelivery,
  deps: BatchDeps,
  writer: OutcomeWriter,
  request: PaceRequest,
  lease: ClaimLease,
): Promise<DeliveryOutcome | undefined> {
  const id = item.entry.id;
  try {
    return await deliverPendingEntry(
      item.entry,
      {
        ...deps,
        uow: withClaimedRows(deps.uow, item),
        messengers: guardedMessengers(deps.messengers, id, lease),
        knownTenant: claimedTenant(item),
      },
      {
        claimed: {
          writer,
          hold: async (until) => {
            await deps.deliveryPacer?.hold(request, until);
          },
        },
      },
    );
  } catch (error) {
    deps.logger.warn(
      { outboxId: id, err: (error as Error)?.name },
      'delivery interrupted; the entry is claimed again after its lease',
    );
    return undefined;
  }
}

/**
 * Back to pending at `at`, the claim's attempt not counted (nothing was tried); holding the send slot at `at`
 * given at `pacedAt`, when given.
 */
function notYet(
  entry: OutboxEntry,
  at: Date,
  code: string | null,
  deps: BatchDeps,
  pacedAt?: Date,
): DeliveryRecord {
  return {
    id: entry.id,
    status: 'pending',
    attempts: Math.max(0, entry.attempts - 1),
    availableAt: at,
    lastErrorCode: code,
    at: deps.clock.now(),
    ...(pacedAt ? { pacedAt } : {}),
  };
}

function collectingWriter(records: DeliveryRecord[], deps: BatchDeps): OutcomeWriter {
  return {
    sent: async (id, platformMessageId, at) => {
      records.push({ id, status: 'sent', platformMessageId, at });
    },
    again: async (id, change) => {
      const at = deps.clock.now();
      records.push({
        id,
        status: change.status,
        attempts: change.attempts,
        availableAt: change.availableAt ?? at,
        lastErrorCode: change.lastErrorCode,
        at,
      });
    },
  };
}

/** The space row and engagement the claim read, served to the checks that would read them again. */
function withClaimedRows(uow: UnitOfWork, item: ClaimedDelivery): UnitOfWork {
  const { space, engagement } = item;
  if (!space || !engagement) return uow;
  const read = uow.read;
  return {
    transaction: (work) => uow.transaction(work),
    read: {
      ...read,
      spaces: {
        ...read.spaces,
        get: (id) => (id.toLowerCase() === space.id ? Promise.resolve(space) : read.spaces.get(id)),
      },
      engagements: {
        ...read.engagements,
        get: (id) =>
          id.toLowerCase() === engagement.id ? Promise.resolve(engagement) : read.engagements.get(id),
      },
    },
  };
}

/** The tenant the claim read with the entry's space row: its engagement's organisation's. */
function claimedTenant(item: ClaimedDelivery): (organisationId: string) => string | undefined {
  const { engagement, tenant, space } = item;
  return (organisationId) =>
    engagement &&
    space &&
    tenant &&
    tenant.platform === space.platform &&
    organisationId === engagement.organisationId
      ? tenant.id
      : undefined;
}

function paceRequest(item: ClaimedDelivery): PaceRequest {
  const destination = item.entry.destination as Destination | null;
  const paced = destination?.kind === 'space' || destination?.kind === 'hr';
  return {
    platform: item.tenant?.platform ?? null,
    tenant: item.tenant?.id ?? null,
    conversation: paced ? conversationKey(destination) : null,
    reservedAt: item.reservedAt ?? null,
  };
}
