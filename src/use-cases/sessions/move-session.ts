import { z } from 'zod';
import { formatMeetingTime, parseMeetingTime, requireZone } from '../../engagement/meeting-time.js';
import { TriadError } from '../../errors.js';
import { sessionScheduled } from '../../messages/compose/session-messages.js';
import { actorSchema } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { loadMeeting } from '../meetings/meeting-access.js';
import { requireOpen } from '../shared/engagement-access.js';
import { updateMeeting } from '../shared/engagement-update.js';
import { parseInput } from '../shared/parse-input.js';
import { type ReplyWords, transitionEngagement } from '../shared/transition-engagement.js';

export const moveSessionInput = z.object({
  actor: actorSchema,
  meetingId: z.uuid('That session id is not valid.'),
  localDateTime: z.string().trim().min(1, 'Pick a date and time.').max(40),
  timeZone: z.string().trim().min(1).max(64).optional(),
});
export type MoveSessionInput = z.infer<typeof moveSessionInput>;

/** The client or the coach moves a scheduled coaching session; the coaching space hears about it. */
export async function moveSession(raw: MoveSessionInput, deps: CoreDeps) {
  const input = parseInput(moveSessionInput, raw);
  const { changed, reply, located } = await transitionEngagement(deps, {
    actor: input.actor,
    access: {
      locate: (unit, resolved) =>
        loadMeeting(unit, deps, resolved, input.meetingId, 'session', 'move_session'),
    },
    audience: 'private',
    decide: async ({ unit, current, located: { meeting, zone: ownZone }, now }) => {
      requireOpen(current);
      if (meeting.status !== 'scheduled') {
        throw new TriadError(
          'illegal_transition',
          `That coaching session was ${meeting.status}; schedule a new one instead.`,
        );
      }
      const zone = requireZone(input.timeZone ?? ownZone);
      const parsed = parseMeetingTime(input.localDateTime, zone, now);
      const movedTo = { ...parsed, zone };
      if (meeting.startsAt?.getTime() === parsed.startsAt.getTime())
        return { unchanged: movedWords(movedTo) };
      const moved = await updateMeeting(
        unit.repos,
        meeting,
        { startsAt: parsed.startsAt, organiserZone: zone },
        now,
      );
      return { change: {}, plan: { moved, movedTo } };
    },
    messages: ({ triad, plan: { moved: meeting, movedTo }, located: { actorName } }) => [
      [
        sessionScheduled(
          meeting,
          [triad.client, ...(triad.coach ? [triad.coach] : [])],
          actorName,
          'moved',
          movedTo.ambiguityNote,
        ),
        `meeting:${meeting.id}:v${meeting.version}:moved`,
      ],
    ],
    audit: ({ plan: { moved: meeting } }) => ({
      action: 'session_moved',
      details: { meetingId: meeting.id, version: meeting.version },
    }),
    reply: ({ plan: { movedTo } }) => movedWords(movedTo),
  });
  return { meetingId: located.meeting.id, changed, reply };
}

/** The answer, the same for a new time and the same time again. */
function movedWords(to: { startsAt: Date; zone: string; ambiguityNote?: string | undefined }): ReplyWords {
  const when = formatMeetingTime(to.startsAt, to.zone);
  return {
    summary: `Coaching session moved to ${when}`,
    lines: [`Coaching session moved to ${when}.`],
    notes: to.ambiguityNote ? [to.ambiguityNote] : [],
  };
}
