import type { OutboxEntry, Platform } from '../engagement/records.js';
import type { Destination } from '../messages/message.js';
import type { ClaimedDelivery, DeliveryRecord, UnitOfWork } from '../ports/repositories.js';
import { HELD_FOR_STRANGERS } from '../spaces/space-membership.js';
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
}

/**
 * Token buckets shared by every worker (Redis in the jobs layer): per conversation and per tenant, with the
 * platform's documented limits.
 */
export interface DeliveryPacer {
  /**
   * For each request in order: takes one send from its conversation's and its tenant's buckets when both have
   * one now (answer 0), or answers how many milliseconds until they will (nothing taken). Atomic.
   */
  take(requests: readonly PaceRequest[]): Promise<number[]>;
  /** The platform answered "too many" with a Retry-After: nothing more goes to that tenant before `until`. */
  hold(request: PaceRequest, until: Date): Promise<void>;
}

export interface BatchOptions {
  /** Entries claimed at once. */
  size: number;
  /** How long a claim lasts: a worker that dies leaves its entries to others after this long. */
  leaseMs: number;
}

export interface BatchDeps extends DeliveryDeps {
  deliveryPacer?: DeliveryPacer;
}

export interface BatchResult {
  claimed: number;
  sent: number;
  /** Not yet: paced, rate limited, held or retried later. */
  later: number;
  /** Failed, refused or no longer pending. */
  other: number;
}

/**
 * Delivers a batch of due outbox entries: claims them (one statement; each entry's attempt counted, leased to
 * this worker), takes their pace from the shared buckets (entries whose conversation or tenant has no send
 * left now go back to wait, their attempt not counted), sends the others concurrently with the same checks as
 * one by one (outbound gate, retired space, space guard, a search before re-sending after an unknown outcome),
 * and writes every outcome in one statement. A worker that dies in between leaves its claimed entries to be
 * claimed again after the lease: they are then looked for on the platform before being sent again.
 */
export async function deliverBatch(deps: BatchDeps, options: BatchOptions): Promise<BatchResult> {
  const now = deps.clock.now();
  const claimed = await deps.uow.read.outbox.claimDue(
    now,
    options.size,
    new Date(now.getTime() + options.leaseMs),
  );
  if (claimed.length === 0) return { claimed: 0, sent: 0, later: 0, other: 0 };
  const requests = claimed.map(paceRequest);
  const waits = deps.deliveryPacer ? await deps.deliveryPacer.take(requests) : requests.map(() => 0);
  const records: DeliveryRecord[] = [];
  const writer = collectingWriter(records, deps);
  const result: BatchResult = { claimed: claimed.length, sent: 0, later: 0, other: 0 };
  await Promise.all(
    claimed.map(async (item, index) => {
      const wait = waits[index] ?? 0;
      if (wait > 0) {
        records.push(notYet(item.entry, new Date(now.getTime() + wait), item.entry.lastErrorCode, deps));
        result.later += 1;
        return;
      }
      const request = requests[index] as PaceRequest;
      const outcome = await deliverClaimed(item, deps, writer, request);
      if (outcome === undefined) return;
      if (outcome.outcome === 'retry' && outcome.reason === 'held') {
        records.push(notYet(item.entry, outcome.at, HELD_FOR_STRANGERS, deps));
      }
      if (outcome.outcome === 'sent') result.sent += 1;
      else if (outcome.outcome === 'retry') result.later += 1;
      else result.other += 1;
    }),
  );
  await deps.uow.read.outbox.recordOutcomes(records);
  return result;
}

/** One claimed entry; undefined when something other than the platform failed (the lease brings it back). */
async function deliverClaimed(
  item: ClaimedDelivery,
  deps: BatchDeps,
  writer: OutcomeWriter,
  request: PaceRequest,
): Promise<DeliveryOutcome | undefined> {
  try {
    return await deliverPendingEntry(
      item.entry,
      { ...deps, uow: withClaimedRows(deps.uow, item) },
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
      { outboxId: item.entry.id, err: (error as Error)?.name },
      'delivery interrupted; the entry is claimed again after its lease',
    );
    return undefined;
  }
}

/** Back to pending at `at`, the claim's attempt not counted (nothing was tried). */
function notYet(entry: OutboxEntry, at: Date, code: string | null, deps: BatchDeps): DeliveryRecord {
  return {
    id: entry.id,
    status: 'pending',
    attempts: Math.max(0, entry.attempts - 1),
    availableAt: at,
    lastErrorCode: code,
    at: deps.clock.now(),
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

function paceRequest(item: ClaimedDelivery): PaceRequest {
  const destination = item.entry.destination as Destination | null;
  const paced = destination?.kind === 'space' || destination?.kind === 'hr';
  return {
    platform: item.tenant?.platform ?? null,
    tenant: item.tenant?.id ?? null,
    conversation: paced ? conversationKey(destination) : null,
  };
}
