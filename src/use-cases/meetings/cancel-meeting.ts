import { z } from 'zod';
import { closingEventAt } from '../../engagement/lifecycle.js';
import { TriadError } from '../../errors.js';
import { meetingCancelled } from '../../messages/compose/meeting-announcements.js';
import { meetingName } from '../../messages/compose/meeting-words.js';
import { actorSchema } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { requireOpen } from '../shared/engagement-access.js';
import { updateMeeting } from '../shared/engagement-update.js';
import { parseInput } from '../shared/parse-input.js';
import { transitionEngagement } from '../shared/transition-engagement.js';
import { attendeesOf, loadMeeting, replyAudience } from './meeting-access.js';

export const cancelMeetingInput = z.object({
  actor: actorSchema,
  meetingId: z.uuid('That meeting id is not valid.'),
});
export type CancelMeetingInput = z.infer<typeof cancelMeetingInput>;

/** Any triad member or HR cancels a scheduled meeting; it can be scheduled again. Cancelling twice is a no-op. */
export async function cancelMeeting(raw: CancelMeetingInput, deps: CoreDeps) {
  const input = parseInput(cancelMeetingInput, raw);
  const { changed, reply, located } = await transitionEngagement(deps, {
    actor: input.actor,
    access: {
      locate: (unit, resolved) =>
        loadMeeting(unit, deps, resolved, input.meetingId, 'triad', 'cancel_meeting'),
    },
    audience: replyAudience,
    decide: async ({ unit, current, located: { meeting }, now }) => {
      const name = meetingName(meeting.kind);
      if (meeting.status === 'cancelled') return { unchanged: cancelledWords(name) };
      requireOpen(current, { allowPaused: true });
      if (meeting.status === 'held')
        throw new TriadError('illegal_transition', `The ${name} has already been held.`);
      if (meeting.status === 'unscheduled')
        throw new TriadError('illegal_transition', `The ${name} is not scheduled.`);
      const cancelled = await updateMeeting(unit.repos, meeting, { status: 'cancelled' }, now);
      // Cancelling the closing meeting during its week takes the engagement back to coaching.
      const event = cancelled.kind === 'closing' ? closingEventAt(current, [cancelled], now) : undefined;
      return { change: {}, event, plan: cancelled };
    },
    messages: ({ triad, plan: meeting, located: { actorName } }) => [
      [
        meetingCancelled(meeting, actorName, {
          attendees: attendeesOf(triad),
          timeZone: triad.client.timeZone,
        }),
        `meeting:${meeting.id}:v${meeting.version}:cancelled`,
      ],
    ],
    audit: ({ plan: meeting }) => ({
      action: 'meeting_cancelled',
      details: { meetingId: meeting.id, kind: meeting.kind, version: meeting.version },
    }),
    reply: ({ plan: meeting }) => cancelledWords(meetingName(meeting.kind)),
  });
  return { meetingId: located.meeting.id, changed, reply };
}

const cancelledWords = (name: string) => ({
  summary: `The ${name} is cancelled`,
  lines: [
    `The ${name} is cancelled. The sponsor thread has been told; anyone in the triad can schedule it again.`,
  ],
});
