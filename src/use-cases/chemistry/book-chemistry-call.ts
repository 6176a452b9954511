import { z } from 'zod';
import { formatMeetingTime, parseMeetingTime, requireZone } from '../../engagement/meeting-time.js';
import type { Engagement, Meeting, Person } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import {
  CHEMISTRY_CALL_MINUTES,
  chemistryScheduled,
  MAX_CHEMISTRY_CALLS,
} from '../../messages/compose/chemistry-messages.js';
import type { Repositories } from '../../ports/repositories.js';
import { actorSchema } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { requireOpen } from '../shared/engagement-access.js';
import { parseInput } from '../shared/parse-input.js';
import { type ReplyWords, transitionEngagement } from '../shared/transition-engagement.js';
import { keyed } from './arrange-chemistry-call.js';
import { choiceFor, liveChemistryCalls } from './chemistry-access.js';

export const bookChemistryCallInput = z.object({
  actor: actorSchema,
  engagementId: z.uuid('That engagement id is not valid.'),
  /** The shortlisted coach's Triad person id, from the "Book an intro call" picker. */
  coachId: z.uuid('That coach id is not valid.'),
  /** Local date-time in the actor's zone, YYYY-MM-DDTHH:mm. */
  localDateTime: z.string().trim().min(1, 'Pick a date and time.').max(40),
  timeZone: z.string().trim().min(1).max(64).optional(),
});
export type BookChemistryCallInput = z.infer<typeof bookChemistryCallInput>;

const booked = (coach: Person, startsAt: Date, zone: string, note?: string): ReplyWords => ({
  summary: `Intro call with ${coach.displayName} booked`,
  lines: [
    `Intro call with ${coach.displayName} booked for ${formatMeetingTime(startsAt, zone)}. ${coach.displayName} has been sent the invite; only the two of you see it.`,
  ],
  notes: note ? [note] : [],
});

/** Refuses a booking that the engagement, the organisation or the shortlist does not allow. */
function requireBookable(engagement: Engagement, offered: boolean, coachId: string): void {
  requireOpen(engagement);
  if (!offered) {
    throw new TriadError('illegal_transition', 'Intro calls are not offered in your organisation.');
  }
  if (engagement.coachId) {
    throw new TriadError(
      'illegal_transition',
      'You have already chosen your coach; intro calls are for before choosing.',
    );
  }
  if (engagement.stage !== 'kickoff' && engagement.stage !== 'coach_matching') {
    throw new TriadError('illegal_transition', 'Intro calls are for while you choose your coach.');
  }
  if (!engagement.coachShortlist.includes(coachId)) {
    throw new TriadError(
      'validation_failed',
      'That coach is not on your shortlist.',
      'Use the "Book an intro call" pickers on your coach choice message.',
    );
  }
}

/** The names of the coaches the client already has intro calls with, in the calls' order, for the refusal. */
async function namesOf(repos: Repositories, calls: readonly Meeting[]): Promise<string> {
  const ids = [...calls]
    .sort((a, b) => (a.startsAt?.getTime() ?? 0) - (b.startsAt?.getTime() ?? 0))
    .flatMap((m) => (m.coachId ? [m.coachId] : []));
  const people = await repos.people.getMany(ids);
  const names = ids.flatMap((id) => people.filter((p) => p.id === id).map((p) => p.displayName));
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * The client books a short intro call with one of their shortlisted coaches, before choosing. At most three
 * coaches; one call per coach (move it to change its time). The call is posted to the client's DM and to the
 * coach's own DM with Triad, each with an invite in their zone; the sponsor and HR are not told. The same time
 * again (a double click) changes nothing and answers the same.
 */
export async function bookChemistryCall(raw: BookChemistryCallInput, deps: CoreDeps) {
  const input = parseInput(bookChemistryCallInput, raw);
  const { changed, reply } = await transitionEngagement(deps, {
    actor: input.actor,
    access: { role: 'book_chemistry_call', engagementId: input.engagementId },
    audience: 'private',
    decide: async ({ unit: { repos }, current, triad, resolved, now }) => {
      requireBookable(current, triad.organisation.chemistryCalls, input.coachId);
      const coach = await repos.people.get(input.coachId);
      if (!coach) throw new TriadError('not_found', 'That coach is no longer known to Triad.');
      const zone = requireZone(input.timeZone ?? resolved.person?.timeZone ?? deps.settings.defaultTimeZone);
      const parsed = parseMeetingTime(input.localDateTime, zone, now);
      const calls = liveChemistryCalls(await repos.meetings.listByEngagement(current.id));
      const withCoach = calls.find((m) => m.coachId === coach.id);
      if (withCoach?.status === 'scheduled' && withCoach.startsAt?.getTime() === parsed.startsAt.getTime()) {
        return { unchanged: booked(coach, parsed.startsAt, zone, parsed.ambiguityNote) };
      }
      if (withCoach) {
        throw new TriadError(
          'conflict',
          withCoach.status === 'held'
            ? `You have had your intro call with ${coach.displayName}.`
            : `You already have an intro call with ${coach.displayName}, on ${formatMeetingTime(withCoach.startsAt ?? now, zone)}.`,
          withCoach.status === 'held'
            ? 'Choose your coach when you are ready.'
            : 'Move it with "Move it" on its message.',
        );
      }
      if (calls.length >= MAX_CHEMISTRY_CALLS) {
        throw new TriadError(
          'conflict',
          `You can book intro calls with up to ${MAX_CHEMISTRY_CALLS} coaches, and you have booked calls with ${await namesOf(repos, calls)}.`,
          'Cancel one of them first, or choose your coach.',
        );
      }
      const meeting: Meeting = {
        id: deps.ids.newId(),
        engagementId: current.id,
        kind: 'chemistry',
        status: 'scheduled',
        startsAt: parsed.startsAt,
        durationMinutes: CHEMISTRY_CALL_MINUTES,
        organiserId: triad.client.id,
        organiserZone: zone,
        threadAddress: null,
        videoUrl: null,
        coachId: coach.id,
        heldAt: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await repos.meetings.insert(meeting);
      return { change: {}, plan: { meeting, coach, zone, note: parsed.ambiguityNote } };
    },
    messages: async ({ unit, engagement, triad, plan: { meeting, coach, note } }) =>
      keyed(
        chemistryScheduled(
          meeting,
          { client: triad.client, coach },
          triad.client.displayName,
          'booked',
          note,
          await choiceFor(unit.repos, engagement),
        ),
        `meeting:${meeting.id}:v${meeting.version}:booked`,
      ),
    audit: ({ plan: { meeting, coach } }) => ({
      action: 'chemistry_call_booked',
      details: { meetingId: meeting.id, coachId: coach.id },
    }),
    reply: ({ plan: { meeting, coach, zone, note } }) =>
      booked(coach, meeting.startsAt ?? new Date(0), zone, note),
  });
  return { changed, reply };
}
