import { type LifecycleEvent, nextStage } from '../../engagement/lifecycle.js';
import type { Engagement } from '../../engagement/records.js';
import type { Phrase } from '../../messages/command-hint.js';
import type { Audience, OutboundMessage } from '../../messages/message.js';
import { inTransaction, type Unit } from '../../outbox/unit.js';
import type { Action } from '../../policy/permissions.js';
import { type Actor, type ResolvedActor, requireHr, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { closeOut } from './close-out.js';
import {
  findEngagementForHr,
  loadTriad,
  lockEngagement,
  replyPersonId,
  requireRole,
  type Triad,
  type TriadRole,
} from './engagement-access.js';
import { updateEngagement } from './engagement-update.js';
import { logisticsReply } from './reply.js';

/** How HR names an engagement (see `engagementRefSchema`). */
type EngagementRef = Parameters<typeof findEngagementForHr>[2];

/** What an engagement change may set besides its stage, which the lifecycle event decides. */
export type EngagementChanges = Partial<Omit<Engagement, 'id' | 'version' | 'updatedAt' | 'stage'>>;

/** The locked engagement, its triad and the role the actor acts in. */
export interface Located {
  engagement: Engagement;
  triad: Triad;
  role: TriadRole;
}

/** Who may run a transition, and how the engagement is found. */
export type TransitionAccess<L extends Located> =
  /** An organisation-wide HR action on the engagement HR names: refused before anything is looked up. */
  | { hr: Action; engagement: EngagementRef }
  /** An action on the engagement with this id, allowed by the actor's role in it (see `src/policy/permissions.ts`). */
  | { role: Action; engagementId: string }
  /** The flow finds, locks and authorises itself (a meeting's engagement), refusing whoever may not act. */
  | { locate: (unit: Unit, resolved: ResolvedActor) => Promise<L> };

/** The words of the reply to the person acting (logistics only). */
export interface ReplyWords {
  summary: string;
  lines: readonly string[];
  notes?: readonly Phrase[];
}

/** A message to send after the change, with its outbox idempotency key. */
export type Send = readonly [message: OutboundMessage, idempotencyKey: string];

/** What the step knows once the engagement is locked and the actor allowed. */
export interface Locked<Prepared, L extends Located> {
  unit: Unit;
  resolved: ResolvedActor;
  role: TriadRole;
  /** The engagement as locked, before any change. */
  current: Engagement;
  /** The triad around `current`. */
  triad: Triad;
  /** What the locator found (the engagement, its triad and the role, and for a meeting flow the meeting). */
  located: L;
  /** What `prepare` found before the transaction. */
  prepared: Prepared;
  now: Date;
}

/**
 * The flow's decision: an answer that changes nothing, or a change: what it sets besides the stage, the lifecycle
 * event when it is one (else the transition's `event`, else the stage stays), and what later callbacks need.
 */
export type Decision<Plan> =
  | { unchanged: ReplyWords }
  | { change: EngagementChanges; event?: LifecycleEvent | undefined; plan?: Plan };

/** What the step knows after the change is written. */
export interface Changed<Prepared, Plan, L extends Located> extends Locked<Prepared, L> {
  plan: Plan;
  /** The engagement after the change (`current` when the change wrote nothing). */
  engagement: Engagement;
  /** The triad around `engagement`. */
  parties: Triad;
  /** Meetings not yet held that closing out cancelled (0 unless the engagement closed or was cancelled). */
  cancelledMeetings: number;
}

export interface Transition<A extends Audience, Prepared, Plan, L extends Located> {
  actor: Actor;
  access: TransitionAccess<L>;
  /** Who the reply is for (HR's views are admin, the client's private), or how the actor's role decides it. */
  audience: A | ((role: TriadRole) => A);
  /**
   * Work that must not run inside the transaction (directory look-ups). With it, the actor is resolved and (for HR)
   * refused before it runs, outside the transaction, so a refused request touches nothing, not even the directory.
   */
  prepare?: (resolved: ResolvedActor) => Promise<Prepared>;
  /**
   * The lifecycle event the change is, unless the decision names one. A closed or cancelled stage closes out
   * (`closeOut` sets what ending sets; the decision's other changes are not written).
   */
  event?: LifecycleEvent;
  /** The flow's own checks and what it changes; refusals here change nothing. */
  decide?: (locked: Locked<Prepared, L>) => Promise<Decision<Plan>> | Decision<Plan>;
  /** Effects before the messages: spaces opened or retired, memberships, offers. */
  effects?: (changed: Changed<Prepared, Plan, L>) => Promise<unknown>;
  /** The messages the change sends, in order. */
  messages: (changed: Changed<Prepared, Plan, L>) => Promise<readonly Send[]> | readonly Send[];
  /** The audit row: its action and (ids-only) details; the actor is the person acting unless given. */
  audit: (changed: Changed<Prepared, Plan, L>) => {
    action: string;
    details: Record<string, unknown>;
    actorId?: string | null;
  };
  reply: (changed: Changed<Prepared, Plan, L>) => ReplyWords;
}

/**
 * One engagement change, start to end, in one transaction: resolve the actor → authorise → find and lock the
 * engagement → the flow's decision → next stage → update (or close out) → effects → send → audit → schedule
 * resync → reply. A refusal anywhere rolls everything back: no state change, no outbox row, no audit row.
 * A change that sets nothing and keeps the stage writes no new engagement version.
 */
export async function transitionEngagement<
  A extends Audience,
  Prepared = undefined,
  Plan = undefined,
  L extends Located = Located,
>(deps: CoreDeps, t: Transition<A, Prepared, Plan, L>) {
  const early = t.prepare ? await prepareOutside(deps, t) : undefined;
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = early?.resolved ?? (await resolveActor(repos, deps, t.actor));
    // Without a locator of its own the flow's L is the default, Located.
    const located = (await locate(unit, resolved, t.access, early !== undefined)) as L;
    const { engagement: current, triad, role } = located;
    const now = deps.clock.now();
    const locked: Locked<Prepared, L> = {
      unit,
      resolved,
      role,
      current,
      triad,
      located,
      prepared: early?.prepared as Prepared,
      now,
    };
    const reply = async (engagement: Engagement, words: ReplyWords) =>
      unit.reply(
        logisticsReply({
          audience: typeof t.audience === 'function' ? t.audience(role) : t.audience,
          personId: replyPersonId(resolved, t.actor.platformUserId),
          engagementId: engagement.id,
          ...words,
        }),
      );
    const decision: Decision<Plan> = t.decide ? await t.decide(locked) : { change: {} };
    if ('unchanged' in decision) {
      return {
        engagement: current,
        located,
        changed: false,
        reply: await reply(current, decision.unchanged),
      };
    }
    const event = decision.event ?? t.event;
    const stage = event ? nextStage(current, event) : current.stage;
    const closed =
      stage === 'closed' || stage === 'cancelled'
        ? await closeOut(unit, deps, current, triad, stage)
        : undefined;
    const writes = stage !== current.stage || Object.keys(decision.change).length > 0;
    const engagement =
      closed?.engagement ??
      (writes ? await updateEngagement(repos, current, { ...decision.change, stage }, now) : current);
    const changed: Changed<Prepared, Plan, L> = {
      ...locked,
      plan: decision.plan as Plan,
      engagement,
      parties: engagement === current ? triad : await loadTriad(repos, engagement),
      cancelledMeetings: closed?.cancelledMeetings ?? 0,
    };
    await t.effects?.(changed);
    for (const [message, key] of await t.messages(changed)) await unit.send(message, key);
    const { action, details, actorId } = t.audit(changed);
    await unit.audit({
      engagementId: engagement.id,
      actorId: actorId === undefined ? (resolved.person?.id ?? null) : actorId,
      action,
      details,
    });
    unit.touch(engagement.id);
    return { engagement, located, changed: true, reply: await reply(engagement, t.reply(changed)) };
  });
}

/** Finds and locks the engagement and checks the actor may act on it (HR rights are checked first, by name). */
async function locate<L extends Located>(
  unit: Unit,
  resolved: ResolvedActor,
  access: TransitionAccess<L>,
  hrChecked: boolean,
): Promise<L | Located> {
  const { repos } = unit;
  if ('locate' in access) return access.locate(unit, resolved);
  if ('hr' in access) {
    if (!hrChecked) requireHr(resolved, access.hr);
    const found = await findEngagementForHr(repos, resolved, access.engagement);
    const engagement = await lockEngagement(repos, found.id);
    return { engagement, triad: await loadTriad(repos, engagement), role: 'hr' };
  }
  const engagement = await lockEngagement(repos, access.engagementId);
  const role = requireRole(engagement, resolved, access.role);
  return { engagement, triad: await loadTriad(repos, engagement), role };
}

async function prepareOutside<Prepared>(
  deps: CoreDeps,
  t: { actor: Actor; access: TransitionAccess<Located>; prepare?: (r: ResolvedActor) => Promise<Prepared> },
) {
  const resolved = await resolveActor(deps.uow.read, deps, t.actor);
  if ('hr' in t.access) requireHr(resolved, t.access.hr);
  const prepared = (await t.prepare?.(resolved)) as Prepared;
  return { resolved, prepared };
}
