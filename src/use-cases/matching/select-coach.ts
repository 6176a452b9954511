import { z } from 'zod';
import type { Person } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import { coachChosen, coachNotChosen } from '../../messages/compose/matching-choice.js';
import { actorSchema } from '../actor.js';
import { cancelOtherChemistryCalls, notChosen } from '../chemistry/chemistry-choice.js';
import type { CoreDeps } from '../deps.js';
import { refuseHrAsCoach } from '../people.js';
import { openCoachingSpace } from '../shared/coaching-space.js';
import { parseInput } from '../shared/parse-input.js';
import { type ReplyWords, transitionEngagement } from '../shared/transition-engagement.js';

export const selectCoachInput = z.object({
  actor: actorSchema,
  engagementId: z.uuid('That engagement id is not valid.'),
  /** The coach's Triad person id, from the coach button (read by the control table's `coachChoice`). */
  coachId: z.uuid('That coach id is not valid.'),
});
export type SelectCoachInput = z.infer<typeof selectCoachInput>;

/** The client's answer, the same for the first click and any repeat. */
const chosen = (coach: Person): ReplyWords => ({
  summary: `${coach.displayName} is your coach`,
  lines: [`You chose ${coach.displayName} as your coach. Your private coaching space is opening.`],
});

/**
 * The client picks their coach from HR's shortlist (at coach matching, or early during the kickoff stage),
 * with or without intro calls. The coaching space opens and the sponsor space is told; every other shortlisted
 * coach is thanked, and their intro calls still booked are cancelled (with the calendar cancellation).
 * Clicking the same coach again changes nothing and answers the same; a different coach after the choice is
 * refused.
 */
export async function selectCoach(raw: SelectCoachInput, deps: CoreDeps) {
  const input = parseInput(selectCoachInput, raw);
  const { engagement, changed, reply } = await transitionEngagement(deps, {
    actor: input.actor,
    access: { role: 'choose_coach', engagementId: input.engagementId },
    audience: 'private',
    event: 'coach_selected',
    decide: async ({ unit: { repos }, current }) => {
      if (current.coachId) {
        const coach = await repos.people.get(current.coachId);
        if (current.coachId === input.coachId && coach) return { unchanged: chosen(coach) };
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
      const coach = await repos.people.get(input.coachId);
      if (!coach) throw new TriadError('not_found', 'That coach is no longer known to Triad.');
      // Inside the transaction: a read beside it waits for it on a one-connection database (PGlite, the demo).
      await refuseHrAsCoach(deps, repos, input.actor, coach.platformUserId, coach.displayName);
      return { change: { coachId: coach.id }, plan: coach };
    },
    effects: ({ unit, engagement, parties, plan: coach }) =>
      openCoachingSpace(unit, deps, engagement, parties.client, coach),
    messages: async ({ unit, engagement, parties, plan: coach, now }) => {
      const meetings = await unit.repos.meetings.listByEngagement(engagement.id);
      const alignment = meetings.find((m) => m.kind === 'alignment' && m.status === 'unscheduled');
      const calls = await cancelOtherChemistryCalls(unit, meetings, parties.client, coach, now);
      const others = await Promise.all(
        notChosen(engagement.coachShortlist, meetings, coach).map((id) => unit.repos.people.get(id)),
      );
      return [
        ...calls,
        [coachChosen(engagement, coach, alignment), `engagement:${engagement.id}:coach-chosen`],
        ...others.flatMap((other) =>
          other
            ? [
                [
                  coachNotChosen(engagement, parties.client, other),
                  `engagement:${engagement.id}:coach-not-chosen:${other.id}`,
                ] as const,
              ]
            : [],
        ),
      ];
    },
    audit: ({ engagement, parties, plan: coach }) => ({
      action: 'coach_selected',
      actorId: parties.client.id,
      details: { coachId: coach.id, stage: engagement.stage },
    }),
    reply: ({ plan: coach }) => chosen(coach),
  });
  return { engagementId: engagement.id, changed, reply };
}
