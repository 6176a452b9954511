import { z } from 'zod';
import { closingEventAt } from '../../engagement/lifecycle.js';
import { requireMeetingOrder } from '../../engagement/meeting-order.js';
import { formatMeetingTime, parseMeetingTime, requireZone } from '../../engagement/meeting-time.js';
import { TriadError } from '../../errors.js';
import { meetingAnnounced, meetingOwnerNote } from '../../messages/compose/meeting-announcements.js';
import { meetingName } from '../../messages/compose/meeting-words.js';
import { actorSchema } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { requireOpen } from '../shared/engagement-access.js';
import { updateMeeting } from '../shared/engagement-update.js';
import { parseInput } from '../shared/parse-input.js';
import { type Send, transitionEngagement } from '../shared/transition-engagement.js';
import { attendeesOf, loadMeeting, replyAudience } from './meeting-access.js';

/** A local date-time in the actor's own zone, e.g. 2026-12-01T14:30 (the zone defaults to the person's). */
export const meetingTimeInput = z.object({
  actor: actorSchema,
  meetingId: z.uuid('That meeting id is not valid.'),
  localDateTime: z.string().trim().min(1, 'Pick a date and time.').max(40),
  timeZone: z.string().trim().min(1).max(64).optional(),
});
export type MeetingTimeInput = z.infer<typeof meetingTimeInput>;

const needsCoach = ['alignment', 'midpoint', 'closing'];

/**
 * Schedules (mode 'schedule') or moves (mode 'reschedule') a kickoff or alignment meeting. The same time again
 * changes nothing and answers the same (a double click); each real change bumps the meeting's version, which is
 * in the outbox keys, so the sponsor thread and the client hear about every move exactly once.
 */
export async function setMeetingTime(raw: MeetingTimeInput, deps: CoreDeps, mode: 'schedule' | 'reschedule') {
  const input = parseInput(meetingTimeInput, raw);
  const { changed, reply, located } = await transitionEngagement(deps, {
    actor: input.actor,
    access: {
      locate: (unit, resolved) =>
        loadMeeting(
          unit,
          deps,
          resolved,
          input.meetingId,
          'triad',
          mode === 'schedule' ? 'schedule_meeting' : 'move_meeting',
        ),
    },
    audience: replyAudience,
    decide: async ({ unit, resolved, current, triad, located: { meeting, zone: ownZone }, now }) => {
      requireOpen(current);
      const name = meetingName(meeting.kind);
      if (needsCoach.includes(meeting.kind) && !current.coachId) {
        throw new TriadError(
          'illegal_transition',
          `The ${name} can only be scheduled once a coach is assigned.`,
          `${triad.client.displayName} chooses a coach after the kickoff.`,
        );
      }
      if (meeting.status === 'held')
        throw new TriadError('illegal_transition', `The ${name} has already been held.`);
      const zone = requireZone(input.timeZone ?? ownZone);
      const parsed = parseMeetingTime(input.localDateTime, zone, now);
      const setFor = { ...parsed, name, zone };
      if (meeting.status === 'scheduled' && meeting.startsAt?.getTime() === parsed.startsAt.getTime()) {
        return { unchanged: setWords(setFor) };
      }
      if (mode === 'schedule' && meeting.status === 'scheduled') {
        throw new TriadError(
          'conflict',
          `The ${name} is already scheduled for ${formatMeetingTime(meeting.startsAt ?? now, zone)}.`,
          'Use "Move it" on the meeting message to change the time.',
        );
      }
      if (mode === 'reschedule' && meeting.status !== 'scheduled') {
        throw new TriadError('illegal_transition', `The ${name} is not scheduled yet.`, 'Schedule it first.');
      }
      const others = await unit.repos.meetings.listByEngagement(current.id);
      requireMeetingOrder(meeting, parsed.startsAt, others, zone, meetingName);
      const set = await updateMeeting(
        unit.repos,
        meeting,
        {
          status: 'scheduled',
          startsAt: parsed.startsAt,
          organiserId: resolved.person?.id ?? null,
          organiserZone: zone,
        },
        now,
      );
      const change = meeting.status === 'scheduled' ? ('moved' as const) : ('scheduled' as const);
      // The closing stage begins with the closing meeting's week (`closingEventAt`), not when it is scheduled.
      const event = set.kind === 'closing' ? closingEventAt(current, [set], now) : undefined;
      return { change: {}, event, plan: { set, change, setFor } };
    },
    messages: ({ triad, role, located: { actorName }, plan: { set: meeting, change, setFor } }) => {
      const key = `meeting:${meeting.id}:v${meeting.version}`;
      const announce: Send = [
        meetingAnnounced({
          meeting,
          client: triad.client,
          sponsor: triad.sponsor,
          coach: triad.coach ?? undefined,
          attendees: attendeesOf(triad),
          organiserName: actorName,
          change,
          ...(setFor.ambiguityNote ? { ambiguityNote: setFor.ambiguityNote } : {}),
        }),
        `${key}:announce`,
      ];
      if (meeting.kind === 'kickoff') return [announce];
      // The client who set the time reads it in the reply: their note then does not repeat it.
      const note = meetingOwnerNote(meeting, triad.client, change, role === 'client');
      return [announce, [note, `${key}:owner-note`]];
    },
    audit: ({ plan: { set: meeting, change } }) => ({
      action: change === 'scheduled' ? 'meeting_scheduled' : 'meeting_moved',
      details: { meetingId: meeting.id, kind: meeting.kind, version: meeting.version },
    }),
    reply: ({ plan: { setFor } }) => setWords(setFor),
  });
  return { meetingId: located.meeting.id, changed, reply };
}

/** The answer, the same for a new time and the same time again. */
function setWords(setFor: {
  name: string;
  zone: string;
  startsAt: Date;
  ambiguityNote?: string | undefined;
}) {
  const when = formatMeetingTime(setFor.startsAt, setFor.zone);
  return {
    summary: `The ${setFor.name} is set for ${when}`,
    lines: [
      `The ${setFor.name} is set for ${when}. Everyone sees it in the sponsor thread in their own time zone.`,
    ],
    notes: setFor.ambiguityNote ? [setFor.ambiguityNote] : [],
  };
}
