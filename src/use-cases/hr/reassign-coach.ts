import { z } from 'zod';
import { isLive } from '../../engagement/lifecycle.js';
import { TriadError } from '../../errors.js';
import {
  coachChangedForCoachingSpace,
  coachChangedForSponsorSpace,
} from '../../messages/compose/hr-lifecycle.js';
import { shortId } from '../../messages/compose/text.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, requireHr, resolveActor } from '../actor.js';
import type { DirectoryDeps } from '../deps.js';
import { ensurePerson, lookupHuman, refuseHrAsCoach } from '../people.js';
import { openCoachingSpace, retireCoachingSpace } from '../shared/coaching-space.js';
import {
  engagementRefSchema,
  findEngagementForHr,
  loadTriad,
  lockEngagement,
  replyPersonId,
} from '../shared/engagement-access.js';
import { updateEngagement } from '../shared/engagement-update.js';
import { parseInput } from '../shared/parse-input.js';
import { logisticsReply } from '../shared/reply.js';

export const reassignCoachInput = z.object({
  actor: actorSchema,
  engagement: engagementRefSchema,
  coachUserId: z.string().trim().min(1, 'Name the new coach, e.g. coach:@kim.').max(100),
});
export type ReassignCoachInput = z.infer<typeof reassignCoachInput>;

/**
 * HR gives an engagement a different coach (once one exists): the old coach leaves the sponsor space and the new
 * one joins it; the coaching space starts afresh for the client and the new coach, so the new coach never reads
 * what the client shared with the previous one. Asking again for the same coach changes nothing.
 */
export async function reassignCoach(raw: ReassignCoachInput, deps: DirectoryDeps) {
  const input = parseInput(reassignCoachInput, raw);
  const resolved = await resolveActor(deps.uow.read, deps, input.actor);
  requireHr(resolved, 'reassign_coach');
  const profile = await lookupHuman(deps.directory, input.coachUserId, 'coach');
  await refuseHrAsCoach(deps, input.actor, input.coachUserId, profile.displayName);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const found = await findEngagementForHr(repos, resolved, input.engagement);
    const current = await lockEngagement(repos, found.id);
    if (!isLive(current.stage)) {
      throw new TriadError(
        'illegal_transition',
        `This engagement is ${current.stage}; nothing more can change.`,
      );
    }
    const before = await loadTriad(repos, current);
    const previous = before.coach;
    if (!previous) {
      throw new TriadError(
        'illegal_transition',
        `${before.client.displayName} has not chosen a coach yet, so there is no coach to replace.`,
        'The client picks from the shortlist after the kickoff.',
      );
    }
    const coach = await ensurePerson(repos, deps, current.organisationId, profile);
    if (coach.id === current.clientId || coach.id === current.sponsorId) {
      throw new TriadError(
        'same_person_twice',
        `${coach.displayName} is the ${coach.id === current.clientId ? 'client' : 'sponsor'} of this engagement and cannot also coach it.`,
      );
    }
    const personId = replyPersonId(resolved, input.actor.platformUserId);
    if (coach.id === previous.id) {
      const same = logisticsReply({
        audience: 'admin',
        personId,
        engagementId: current.id,
        summary: `${coach.displayName} is the coach`,
        lines: [`${coach.displayName} is already ${before.client.displayName}'s coach; nothing changed.`],
      });
      return { engagementId: current.id, changed: false, reply: await unit.reply(same) };
    }
    const now = deps.clock.now();
    const engagement = await updateEngagement(repos, current, { coachId: coach.id }, now);
    const key = `engagement:${engagement.id}:v${engagement.version}`;
    await unit.membership(
      {
        type: 'membership',
        change: 'remove',
        engagementId: engagement.id,
        space: 'sponsor',
        personId: previous.id,
      },
      `${key}:coach:${previous.id}:leave:sponsor`,
    );
    await retireCoachingSpace(repos, engagement.id, now);
    await openCoachingSpace(unit, deps, engagement, before.client, coach, { announce: false });
    const parties = { ...before, engagement, coach };
    await unit.send(coachChangedForCoachingSpace(parties, previous, coach), `${key}:coach-changed:coaching`);
    await unit.send(coachChangedForSponsorSpace(parties, previous, coach), `${key}:coach-changed:sponsor`);
    await unit.audit({
      engagementId: engagement.id,
      actorId: resolved.person?.id ?? null,
      action: 'coach_reassigned',
      details: { from: previous.id, to: coach.id },
    });
    unit.touch(engagement.id);
    const reply = logisticsReply({
      audience: 'admin',
      personId,
      engagementId: engagement.id,
      summary: `${coach.displayName} now coaches ${before.client.displayName}`,
      lines: [
        `${coach.displayName} is now ${before.client.displayName}'s coach (engagement ${shortId(engagement)}), taking over from ${previous.displayName}, who leaves the sponsor space. A new coaching space opens for them.`,
      ],
    });
    return { engagementId: engagement.id, changed: true, reply: await unit.reply(reply) };
  });
}
