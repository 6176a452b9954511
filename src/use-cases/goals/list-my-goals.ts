import { z } from 'zod';
import { goalListReply, type ListedGoal } from '../../messages/compose/goal-replies.js';
import { inTransaction } from '../../outbox/unit.js';
import { mayRead } from '../../policy/readers.js';
import { actorSchema, resolveActor } from '../actor.js';
import {
  idSchema,
  lockClientEngagement,
  parseInput,
  requireDm,
  surfaceSchema,
} from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { openGoal } from './goal-content.js';

export const listMyGoalsInput = z.object({
  actor: actorSchema,
  engagementId: idSchema.optional(),
  /** Where the request was made: goals are listed only in the client's DM. */
  surface: surfaceSchema,
});
export type ListMyGoalsInput = z.input<typeof listMyGoalsInput>;

/** The client's goals, with whether each is currently shared with the sponsor, in their DM only. */
export async function listMyGoals(raw: ListMyGoalsInput, deps: CoreDeps) {
  const input = parseInput(listMyGoalsInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const engagement = await lockClientEngagement(repos, resolved, input.engagementId, 'list_goals');
    requireDm(input.surface, 'your goals');
    const entries = (await repos.entries.listByEngagement(engagement.id, 'goal')).filter((entry) =>
      mayRead(resolved.person?.id, entry),
    );
    const releases = await repos.releases.listByEngagement(engagement.id);
    const goals: ListedGoal[] = entries.map((entry) => ({
      entryId: entry.id,
      ...openGoal(deps.cipher, entry),
      sharedReleaseId: releases.find((r) => r.entryId === entry.id && r.status === 'released')?.id,
    }));
    return {
      count: goals.length,
      reply: await unit.reply(goalListReply(engagement.id, engagement.clientId, goals)),
    };
  });
}
