import type { Platform } from '../engagement/records.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import { DeliveryError, type Messenger } from '../ports/messenger.js';
import type { UnitOfWork } from '../ports/repositories.js';

/**
 * A send refused because the entry is no longer the batch's: another batch claimed it, or its lease ran out
 * without being renewed. A DeliveryError, so delivery ends the attempt as it does for any failed call; the batch
 * records nothing for the entry (`ClaimLease.lost`), which is left to whoever claims it next.
 */
export class ClaimLost extends DeliveryError {
  constructor() {
    super('claim_lost', true);
    this.name = 'ClaimLost';
  }
}

/** A batch's hold on the entries it claimed, from its fence until its outcomes are written. */
export interface ClaimLease {
  /**
   * Whether the entry may still be sent by the batch: confirmed by the fence, not found claimed by another batch
   * since, and its lease not run out without being renewed (the database unreachable).
   */
  holds(id: string): boolean;
  /**
   * Whether the entry is, or may be, another batch's now (found taken, or a send refused by `holds`): its
   * outcome must not be recorded.
   */
  lost(id: string): boolean;
  /** Gives the entry up: it is not sent (not again) and its outcome not recorded. */
  release(id: string): void;
  /** Stops the heartbeat (waiting for a renewal in flight); the outcomes may be written after. */
  stop(): Promise<void>;
}

export interface LeaseDeps {
  uow: UnitOfWork;
  clock: Clock;
  logger: Logger;
}

/** The batch's claim: when it was made, and the lease it gave its entries. */
export interface Claim {
  at: Date;
  until: Date;
}

/**
 * How old (by the clock) a claim may be for its lease to stand as the claim wrote it: a tenth of the lease, at
 * most a second.
 */
const freshClaimMs = (leaseMs: number) => Math.min(1_000, Math.floor(leaseMs / 10));

/**
 * Fences the batch's claim (`outbox.confirmClaims` with its token, one statement): the entries still the batch's
 * are leased on for `leaseMs`. A claim still fresh (`freshClaimMs`: the pacer answered at once) keeps the lease
 * it wrote, and is fenced by reading which entries still carry its token (`outbox.heldClaims`): another worker
 * whose clock runs a lease ahead may have claimed them again meanwhile, and no row is rewritten for nothing.
 * Then, until `stop`, a heartbeat renews the lease every third of it, so a send slower than the lease is not
 * claimed again by another worker meanwhile; an entry a renewal no longer finds is the other batch's (its lease
 * had run out): it is not sent if not yet sent, and its outcome is not recorded.
 */
export async function holdClaims(
  deps: LeaseDeps,
  token: string,
  ids: readonly string[],
  leaseMs: number,
  claim: Claim,
): Promise<ClaimLease> {
  const now = deps.clock.now().getTime();
  const age = now - claim.at.getTime();
  const fresh = age >= 0 && age < freshClaimMs(leaseMs);
  const firstUntil = fresh ? claim.until : new Date(now + leaseMs);
  const outbox = deps.uow.read.outbox;
  const held = new Set(
    await (fresh ? outbox.heldClaims(ids, token) : outbox.confirmClaims(ids, token, firstUntil)),
  );
  const taken = new Set(ids.filter((id) => !held.has(id)));
  let heldUntil = firstUntil;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let renewing: Promise<void> = Promise.resolve();

  const renew = async () => {
    const until = new Date(deps.clock.now().getTime() + leaseMs);
    try {
      const renewed = new Set(await deps.uow.read.outbox.confirmClaims([...held], token, until));
      for (const id of [...held]) {
        if (renewed.has(id)) continue;
        held.delete(id);
        taken.add(id);
        deps.logger.warn({ outboxId: id }, 'claim taken by another batch while sending; left to it');
      }
      heldUntil = until;
    } catch (error) {
      // The lease holds until `heldUntil`; the next beat tries again, and sends stop once it has run out.
      deps.logger.warn({ err: (error as Error)?.name }, 'claim lease not renewed; trying again');
    }
  };
  const beat = () => {
    if (stopped || held.size === 0) return;
    timer = setTimeout(
      () => {
        renewing = renew().then(beat);
      },
      Math.max(1, Math.floor(leaseMs / 3)),
    );
  };
  beat();

  return {
    holds: (id) => held.has(id) && deps.clock.now().getTime() < heldUntil.getTime(),
    lost: (id) => taken.has(id),
    release: (id) => {
      held.delete(id);
      taken.add(id);
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await renewing;
    },
  };
}

/** What makes a change on the platform; each is refused for an entry the batch no longer holds. */
const SENDING = new Set<string>(['send', 'retract', 'addMember', 'removeMember', 'inviteByEmail']);

/**
 * The messengers as one claimed entry uses them: once `lease` no longer holds the entry, nothing more is sent
 * for it (the entry is given up, `ClaimLost` thrown); reads (a search, the members) go through.
 */
export function guardedMessengers(
  messengers: Partial<Record<Platform, Messenger>>,
  outboxId: string,
  lease: Pick<ClaimLease, 'holds' | 'release'>,
): Partial<Record<Platform, Messenger>> {
  const guard = (messenger: Messenger): Messenger =>
    new Proxy(messenger, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        // A messenger per tenant (Teams, Slack with a token per workspace) is guarded the same way.
        if (property === 'forTenant') {
          return (...args: unknown[]) => guard(value.apply(target, args) as Messenger);
        }
        if (typeof property !== 'string' || !SENDING.has(property)) return value.bind(target);
        return (...args: unknown[]) => {
          if (!lease.holds(outboxId)) {
            lease.release(outboxId);
            throw new ClaimLost();
          }
          return value.apply(target, args);
        };
      },
    });
  return Object.fromEntries(
    Object.entries(messengers).map(([platform, messenger]) => [platform, messenger && guard(messenger)]),
  ) as Partial<Record<Platform, Messenger>>;
}
