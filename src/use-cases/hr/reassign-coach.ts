import { z } from 'zod';
import { TriadError } from '../../errors.js';
import {
  coachChangedForCoachingSpace,
  coachChangedForSponsorSpace,
} from '../../messages/compose/hr-lifecycle.js';
import { shortId } from '../../messages/compose/text.js';
import { actorSchema } from '../actor.js';
import type { DirectoryDeps } from '../deps.js';
import { ensurePerson, lookupHuman, refuseHrAsCoach, refuseSingleChannelGuest } from '../people.js';
import { openCoachingSpace, retireCoachingSpace } from '../shared/coaching-space.js';
import { engagementRefSchema, requireOpen } from '../shared/engagement-access.js';
import { parseInput } from '../shared/parse-input.js';
import { transitionEngagement } from '../shared/transition-engagement.js';

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
  const { engagement, changed, reply } = await transitionEngagement(deps, {
    actor: input.actor,
    access: { hr: 'reassign_coach', engagement: input.engagement },
    audience: 'admin',
    prepare: async () => {
      const profile = await lookupHuman(deps.directory, input.coachUserId, 'coach');
      refuseSingleChannelGuest(profile, 'coach');
      await refuseHrAsCoach(deps, deps.uow.read, input.actor, input.coachUserId, profile.displayName);
      return profile;
    },
    decide: async ({ unit, current, triad, prepared: profile }) => {
      requireOpen(current, { allowPaused: true });
      const previous = triad.coach;
      if (!previous) {
        throw new TriadError(
          'illegal_transition',
          `${triad.client.displayName} has not chosen a coach yet, so there is no coach to replace.`,
          'The client picks from the shortlist after the kickoff.',
        );
      }
      const coach = await ensurePerson(unit.repos, deps, current.organisationId, profile);
      if (coach.id === current.clientId || coach.id === current.sponsorId) {
        throw new TriadError(
          'same_person_twice',
          `${coach.displayName} is the ${coach.id === current.clientId ? 'client' : 'sponsor'} of this engagement and cannot also coach it.`,
        );
      }
      if (coach.id === previous.id) {
        return {
          unchanged: {
            summary: `${coach.displayName} is the coach`,
            lines: [`${coach.displayName} is already ${triad.client.displayName}'s coach; nothing changed.`],
          },
        };
      }
      return { change: { coachId: coach.id }, plan: { previous, coach } };
    },
    effects: async ({ unit, engagement, parties, plan: { previous, coach }, now }) => {
      await unit.membership(
        {
          type: 'membership',
          change: 'remove',
          engagementId: engagement.id,
          space: 'sponsor',
          personId: previous.id,
        },
        `${versionKey(engagement)}:coach:${previous.id}:leave:sponsor`,
      );
      await retireCoachingSpace(unit.repos, engagement.id, now);
      await openCoachingSpace(unit, deps, engagement, parties.client, coach, { announce: false });
    },
    messages: ({ engagement, parties, plan: { previous, coach } }) => {
      const key = `${versionKey(engagement)}:coach-changed`;
      return [
        [coachChangedForCoachingSpace(parties, previous, coach), `${key}:coaching`],
        [coachChangedForSponsorSpace(parties, previous, coach), `${key}:sponsor`],
      ];
    },
    audit: ({ plan: { previous, coach } }) => ({
      action: 'coach_reassigned',
      details: { from: previous.id, to: coach.id },
    }),
    reply: ({ engagement, parties, plan: { previous, coach } }) => ({
      summary: `${coach.displayName} now coaches ${parties.client.displayName}`,
      lines: [
        `${coach.displayName} is now ${parties.client.displayName}'s coach (engagement ${shortId(engagement)}), taking over from ${previous.displayName}, who leaves the sponsor space. A new coaching space opens for them.`,
      ],
    }),
  });
  return { engagementId: engagement.id, changed, reply };
}

const versionKey = (engagement: { id: string; version: number }) =>
  `engagement:${engagement.id}:v${engagement.version}`;
