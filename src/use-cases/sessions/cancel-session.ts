import { z } from 'zod';
import { TriadError } from '../../errors.js';
import { sessionCancelled } from '../../messages/compose/session-messages.js';
import { actorSchema } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { loadMeeting } from '../meetings/meeting-access.js';
import { updateMeeting } from '../shared/engagement-update.js';
import { parseInput } from '../shared/parse-input.js';
import { transitionEngagement } from '../shared/transition-engagement.js';

export const cancelSessionInput = z.object({
  actor: actorSchema,
  meetingId: z.uuid('That session id is not valid.'),
});
export type CancelSessionInput = z.infer<typeof cancelSessionInput>;

/** The client or the coach cancels a scheduled coaching session. Cancelling twice is a no-op. */
export async function cancelSession(raw: CancelSessionInput, deps: CoreDeps) {
  const input = parseInput(cancelSessionInput, raw);
  const { changed, reply, located } = await transitionEngagement(deps, {
    actor: input.actor,
    access: {
      locate: (unit, resolved) =>
        loadMeeting(unit, deps, resolved, input.meetingId, 'session', 'cancel_session'),
    },
    audience: 'private',
    decide: async ({ unit, located: { meeting }, now }) => {
      if (meeting.status === 'cancelled') return { unchanged: cancelledWords };
      if (meeting.status !== 'scheduled') {
        throw new TriadError('illegal_transition', 'That coaching session has already been held.');
      }
      return { change: {}, plan: await updateMeeting(unit.repos, meeting, { status: 'cancelled' }, now) };
    },
    messages: ({ triad, plan: meeting, located: { actorName } }) => [
      [
        sessionCancelled(meeting, actorName, [triad.client, ...(triad.coach ? [triad.coach] : [])]),
        `meeting:${meeting.id}:v${meeting.version}:cancelled`,
      ],
    ],
    audit: ({ plan: meeting }) => ({ action: 'session_cancelled', details: { meetingId: meeting.id } }),
    reply: () => cancelledWords,
  });
  return { meetingId: located.meeting.id, changed, reply };
}

const cancelledWords = {
  summary: 'Coaching session cancelled',
  lines: ['The coaching session is cancelled; your coaching space has been told.'],
};
