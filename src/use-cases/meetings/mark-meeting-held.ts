import { z } from 'zod';
import type { LifecycleEvent } from '../../engagement/lifecycle.js';
import { formatMeetingTime } from '../../engagement/meeting-time.js';
import type { Engagement, Meeting, Person } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import { endedForClient } from '../../messages/compose/hr-lifecycle.js';
import { afterHeldWords, meetingHeld } from '../../messages/compose/meeting-announcements.js';
import { meetingName } from '../../messages/compose/meeting-words.js';
import { actorSchema } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { offerCoachChoice } from '../matching/offer-coach-choice.js';
import { requireOpen, requireRole } from '../shared/engagement-access.js';
import { updateMeeting } from '../shared/engagement-update.js';
import { parseInput } from '../shared/parse-input.js';
import { type ReplyWords, type Send, transitionEngagement } from '../shared/transition-engagement.js';
import { loadMeeting, replyAudience } from './meeting-access.js';

export const markMeetingHeldInput = z.object({
  actor: actorSchema,
  meetingId: z.uuid('That meeting id is not valid.'),
});
export type MarkMeetingHeldInput = z.infer<typeof markMeetingHeldInput>;

/** The lifecycle event a held meeting is (kickoff → coach matching or alignment; alignment → coaching; closing → closed). */
function eventOf(meeting: Meeting, engagement: Engagement): LifecycleEvent | undefined {
  switch (meeting.kind) {
    case 'kickoff':
      return 'kickoff_held';
    case 'alignment':
      return 'alignment_held';
    case 'closing':
      return 'closing_held';
    default:
      if (engagement.stage !== 'coaching' && engagement.stage !== 'closing') {
        throw new TriadError('illegal_transition', 'The mid-point check-in comes during coaching.');
      }
      return undefined;
  }
}

/** The answer, the same for the first mark and any repeat. */
function heldWords(meeting: Meeting, engagement: Engagement, client: Person): ReplyWords {
  const name = meetingName(meeting.kind);
  return {
    summary: `The ${name} is marked as held`,
    lines: [`The ${name} is marked as held. ${afterHeldWords(meeting, engagement, client, undefined)}`],
  };
}

/**
 * A triad member or HR records that a scheduled meeting took place once its start has passed (an unscheduled
 * one never counts as held). Only the client, who owns the meetings, or HR marks the closing meeting held,
 * since that closes the engagement; closing early is HR's `end`. Holding a meeting moves the engagement on: after the kickoff the
 * client is offered the coach shortlist (or, with a coach, alignment is next); after alignment coaching starts;
 * after the closing meeting the engagement is closed and its retention period begins. Marking twice is a no-op.
 */
export async function markMeetingHeld(raw: MarkMeetingHeldInput, deps: CoreDeps) {
  const input = parseInput(markMeetingHeldInput, raw);
  const { engagement, changed, reply, located } = await transitionEngagement(deps, {
    actor: input.actor,
    access: {
      locate: (unit, resolved) =>
        loadMeeting(unit, deps, resolved, input.meetingId, 'triad', 'mark_meeting_held'),
    },
    audience: replyAudience,
    decide: async ({ unit, resolved, current, triad, located: { meeting, zone }, now }) => {
      if (meeting.kind === 'closing') requireRole(current, resolved, 'mark_closing_meeting_held');
      if (meeting.status === 'held') return { unchanged: heldWords(meeting, current, triad.client) };
      requireOpen(current);
      const name = meetingName(meeting.kind);
      if (meeting.status === 'cancelled') {
        throw new TriadError('illegal_transition', `The ${name} was cancelled.`, 'Schedule it again first.');
      }
      if (meeting.status !== 'scheduled' || !meeting.startsAt) {
        throw new TriadError(
          'illegal_transition',
          `The ${name} has not been scheduled yet, so it cannot have been held.`,
          'Schedule it with its date and time first; once it has started it can be marked as held.',
        );
      }
      if (meeting.startsAt > now) {
        throw new TriadError(
          'illegal_transition',
          `The ${name} is scheduled for ${formatMeetingTime(meeting.startsAt, zone)}.`,
          'Mark it as held once it has taken place.',
        );
      }
      const event = eventOf(meeting, current);
      const held = await updateMeeting(unit.repos, meeting, { status: 'held', heldAt: now }, now);
      return { change: {}, event, plan: held };
    },
    effects: async ({ unit, engagement }) => {
      if (engagement.stage === 'coach_matching') await offerCoachChoice(unit, engagement);
    },
    messages: async ({ unit, engagement, parties, plan: meeting, located: { actorName }, now }) => {
      const meetings = await unit.repos.meetings.listByEngagement(engagement.id);
      const open = (kind: Meeting['kind']) =>
        meetings.filter((m) => m.kind === kind && m.status === 'unscheduled');
      const followUps =
        meeting.kind === 'kickoff' && engagement.stage === 'alignment'
          ? open('alignment')
          : meeting.kind === 'alignment'
            ? [...open('midpoint'), ...open('closing')]
            : [];
      const alignment = meetings.find((m) => m.kind === 'alignment');
      const ended: Send[] =
        meeting.kind === 'closing'
          ? [
              [
                endedForClient(parties, 'closed', engagement.purgeAfter ?? now),
                `engagement:${engagement.id}:ended:client`,
              ],
            ]
          : [];
      const words = afterHeldWords(meeting, engagement, parties.client, alignment);
      return [...ended, [meetingHeld(meeting, actorName, words, followUps), `meeting:${meeting.id}:held`]];
    },
    audit: ({ engagement, plan: meeting }) => ({
      action: 'meeting_held',
      details: { meetingId: meeting.id, kind: meeting.kind, stage: engagement.stage },
    }),
    reply: ({ engagement, parties, located: { meeting } }) => heldWords(meeting, engagement, parties.client),
  });
  return { meetingId: located.meeting.id, stage: engagement.stage, changed, reply };
}
