import { z } from 'zod';
import { nextStage } from '../../engagement/lifecycle.js';
import type { Person } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import { coachChosen } from '../../messages/compose/matching-choice.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { refuseHrAsCoach } from '../people.js';
import { openCoachingSpace } from '../shared/coaching-space.js';
import { loadTriad, lockEngagement, replyPersonId, requireRole } from '../shared/engagement-access.js';
import { updateEngagement } from '../shared/engagement-update.js';
import { parseInput } from '../shared/parse-input.js';
import { logisticsReply } from '../shared/reply.js';

export const selectCoachInput = z.object({
  actor: actorSchema,
  engagementId: z.uuid('That engagement id is not valid.'),
  /** The coach's Triad person id, from the coach button (read by the control table's `coachChoice`). */
  coachId: z.uuid('That coach id is not valid.'),
});
export type SelectCoachInput = z.infer<typeof selectCoachInput>;

/**
 * The client picks their coach from HR's shortlist (at coach matching, or early during the kickoff stage).
 * The coaching space opens and the sponsor space is told. Clicking the same coach again changes nothing and
 * answers the same; a different coach after the choice is refused.
 */
export async function selectCoach(raw: SelectCoachInput, deps: CoreDeps) {
  const input = parseInput(selectCoachInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const current = await lockEngagement(repos, input.engagementId);
    requireRole(current, resolved, 'choose_coach');
    const personId = replyPersonId(resolved, input.actor.platformUserId);
    const chosenReply = (coach: Person) =>
      unit.reply(
        logisticsReply({
          audience: 'private',
          personId,
          engagementId: current.id,
          summary: `${coach.displayName} is your coach`,
          lines: [`You chose ${coach.displayName} as your coach. Your private coaching space is opening.`],
        }),
      );
    if (current.coachId) {
      const coach = await repos.people.get(current.coachId);
      if (current.coachId === input.coachId && coach) {
        return { engagementId: current.id, changed: false, reply: await chosenReply(coach) };
      }
      throw new TriadError(
        'conflict',
        `${coach?.displayName ?? 'Your coach'} is already your coach.`,
        'If you need a different coach, ask HR: they can reassign one.',
      );
    }
    if (!current.coachShortlist.includes(input.coachId)) {
      throw new TriadError(
        'validation_failed',
        'That coach is not on your shortlist.',
        'Use one of the coach buttons.',
      );
    }
    const candidate = await repos.people.get(input.coachId);
    if (!candidate) throw new TriadError('not_found', 'That coach is no longer known to Triad.');
    await refuseHrAsCoach(deps, input.actor, candidate.platformUserId, candidate.displayName);
    const stage = nextStage(current, 'coach_selected');
    const now = deps.clock.now();
    const engagement = await updateEngagement(repos, current, { coachId: input.coachId, stage }, now);
    const { client, coach } = await loadTriad(repos, engagement);
    if (!coach) throw new TriadError('not_found', 'That coach is no longer known to Triad.');
    await openCoachingSpace(unit, deps, engagement, client, coach);
    const meetings = await repos.meetings.listByEngagement(engagement.id);
    const alignment = meetings.find((m) => m.kind === 'alignment' && m.status === 'unscheduled');
    await unit.send(coachChosen(engagement, coach, alignment), `engagement:${engagement.id}:coach-chosen`);
    await unit.audit({
      engagementId: engagement.id,
      actorId: client.id,
      action: 'coach_selected',
      details: { coachId: coach.id, stage },
    });
    unit.touch(engagement.id);
    return { engagementId: engagement.id, changed: true, reply: await chosenReply(coach) };
  });
}
