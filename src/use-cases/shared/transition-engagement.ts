import { type LifecycleEvent, nextStage } from '../../engagement/lifecycle.js';
import type { Engagement } from '../../engagement/records.js';
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

/** Who may run a transition, and how the engagement is named. */
export type TransitionAccess =
  /** An organisation-wide HR action on the engagement HR names: refused before anything is looked up. */
  | { hr: Action; engagement: EngagementRef }
  /** An action on the engagement with this id, allowed by the actor's role in it (see `src/policy/permissions.ts`). */
  | { role: Action; engagementId: string };

/** The words of the reply to the person acting (logistics only). */
export interface ReplyWords {
  summary: string;
  lines: readonly string[];
  notes?: readonly string[];
}

/** A message to send after the change, with its outbox idempotency key. */
export type Send = readonly [message: OutboundMessage, idempotencyKey: string];

/** What the step knows once the engagement is locked and the actor allowed. */
export interface Locked<Prepared> {
  unit: Unit;
  resolved: ResolvedActor;
  role: TriadRole;
  /** The engagement as locked, before any change. */
  current: Engagement;
  /** The triad around `current`. */
  triad: Triad;
  /** What `prepare` found before the transaction. */
  prepared: Prepared;
  now: Date;
}

/** The flow's decision: a change (with what later callbacks need to know), or an answer that changes nothing. */
export type Decision<Plan> = { unchanged: ReplyWords } | { change: EngagementChanges; plan?: Plan };

/** What the step knows after the change is written. */
export interface Changed<Prepared, Plan> extends Locked<Prepared> {
  plan: Plan;
  /** The engagement after the change. */
  engagement: Engagement;
  /** The triad around `engagement`. */
  parties: Triad;
  /** Meetings not yet held that closing out cancelled (0 unless the engagement closed or was cancelled). */
  cancelledMeetings: number;
}

export interface Transition<A extends Audience, Prepared, Plan> {
  actor: Actor;
  access: TransitionAccess;
  /** Who the reply is for: HR's views are admin, the client's private. */
  audience: A;
  /**
   * Work that must not run inside the transaction (directory look-ups). With it, the actor is resolved and (for HR)
   * refused before it runs, outside the transaction, so a refused request touches nothing, not even the directory.
   */
  prepare?: (resolved: ResolvedActor) => Promise<Prepared>;
  /** The lifecycle event the change is; without one the stage stays. A closed or cancelled stage closes out. */
  event?: LifecycleEvent;
  /** The flow's own checks and what it changes besides the stage; refusals here change nothing. */
  decide?: (locked: Locked<Prepared>) => Promise<Decision<Plan>> | Decision<Plan>;
  /** Effects before the messages: spaces opened or retired, memberships. */
  effects?: (changed: Changed<Prepared, Plan>) => Promise<void>;
  /** The messages the change sends, in order. */
  messages: (changed: Changed<Prepared, Plan>) => Promise<readonly Send[]> | readonly Send[];
  /** The audit row: its action and (ids-only) details; the actor is the person acting unless given. */
  audit: (changed: Changed<Prepared, Plan>) => {
    action: string;
    details: Record<string, unknown>;
    actorId?: string | null;
  };
  reply: (changed: Changed<Prepared, Plan>) => ReplyWords;
}

/**
 * One engagement change, start to end, in one transaction: resolve the actor → authorise → find and lock the
 * engagement → the flow's decision → next stage → update (or close out) → effects → send → audit → schedule
 * resync → reply. A refusal anywhere rolls everything back: no state change, no outbox row, no audit row.
 */
export async function transitionEngagement<A extends Audience, Prepared = undefined, Plan = undefined>(
  deps: CoreDeps,
  t: Transition<A, Prepared, Plan>,
) {
  const early = t.prepare ? await prepareOutside(deps, t) : undefined;
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = early?.resolved ?? (await resolveActor(repos, deps, t.actor));
    let current: Engagement;
    let role: TriadRole;
    if ('hr' in t.access) {
      if (!early) requireHr(resolved, t.access.hr);
      const found = await findEngagementForHr(repos, resolved, t.access.engagement);
      current = await lockEngagement(repos, found.id);
      role = 'hr';
    } else {
      current = await lockEngagement(repos, t.access.engagementId);
      role = requireRole(current, resolved, t.access.role);
    }
    const triad = await loadTriad(repos, current);
    const now = deps.clock.now();
    const locked: Locked<Prepared> = {
      unit,
      resolved,
      role,
      current,
      triad,
      prepared: early?.prepared as Prepared,
      now,
    };
    const reply = async (engagement: Engagement, words: ReplyWords) =>
      unit.reply(
        logisticsReply({
          audience: t.audience,
          personId: replyPersonId(resolved, t.actor.platformUserId),
          engagementId: engagement.id,
          ...words,
        }),
      );
    const decision = t.decide ? await t.decide(locked) : { change: {} };
    if ('unchanged' in decision) {
      return { engagement: current, changed: false, reply: await reply(current, decision.unchanged) };
    }
    const stage = t.event ? nextStage(current, t.event) : current.stage;
    const closed =
      stage === 'closed' || stage === 'cancelled'
        ? await closeOut(unit, deps, current, triad.organisation, stage)
        : undefined;
    const engagement =
      closed?.engagement ?? (await updateEngagement(repos, current, { ...decision.change, stage }, now));
    const changed: Changed<Prepared, Plan> = {
      ...locked,
      plan: ('plan' in decision ? decision.plan : undefined) as Plan,
      engagement,
      parties: await loadTriad(repos, engagement),
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
    return { engagement, changed: true, reply: await reply(engagement, t.reply(changed)) };
  });
}

async function prepareOutside<Prepared>(
  deps: CoreDeps,
  t: Pick<Transition<Audience, Prepared, unknown>, 'actor' | 'access' | 'prepare'>,
) {
  const resolved = await resolveActor(deps.uow.read, deps, t.actor);
  if ('hr' in t.access) requireHr(resolved, t.access.hr);
  const prepared = (await t.prepare?.(resolved)) as Prepared;
  return { resolved, prepared };
}
