import { z } from 'zod';
import { selfCheckSetReply } from '../../messages/compose/coach-notes.js';
import { inTransaction, type Unit } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import { parseInput } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { lockEngagement, requireRole } from '../shared/engagement-access.js';

export const setPartneringSelfCheckInput = z.object({
  actor: actorSchema,
  engagementId: z.uuid('That engagement id is not valid.'),
  on: z.boolean(),
});
export type SetPartneringSelfCheckInput = z.input<typeof setPartneringSelfCheckInput>;

/**
 * The coach's switch: after each session of this engagement marked as held, the seed's "signals that we are not
 * partnering" in their own DM (or no longer). Kept on the coach's coaching space, so a later coach starts
 * without it; only the current coach may turn it on or off. Pressing it twice changes nothing.
 */
export async function setPartneringSelfCheck(raw: SetPartneringSelfCheckInput, deps: CoreDeps) {
  const input = parseInput(setPartneringSelfCheckInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const engagement = await lockEngagement(repos, input.engagementId);
    requireRole(engagement, resolved, 'set_partnering_self_check');
    const coachId = engagement.coachId as string;
    const space = await repos.spaces.find(engagement.id, 'coaching');
    if (space && space.coachId === coachId && space.coachSelfCheck !== input.on) {
      await repos.spaces.setCoachSelfCheck(space.id, input.on);
      await unit.audit({
        engagementId: engagement.id,
        actorId: coachId,
        action: 'partnering_self_check_set',
        details: { on: input.on },
      });
    }
    return { on: input.on, reply: await unit.reply(selfCheckSetReply(coachId, engagement.id, input.on)) };
  });
}

/** Whether the engagement's current coach asked for the self-check (on their own coaching space). */
export async function wantsSelfCheck(
  unit: Unit,
  engagementId: string,
  coachId: string | null,
): Promise<boolean> {
  if (!coachId) return false;
  const space = await unit.repos.spaces.find(engagementId, 'coaching');
  return space?.coachId === coachId && space.coachSelfCheck;
}
