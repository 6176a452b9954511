import { z } from 'zod';
import { formatMeetingTime } from '../../engagement/meeting-time.js';
import { TriadError } from '../../errors.js';
import { partneringSelfCheckMessage } from '../../messages/compose/coach-notes.js';
import { sessionActionMessage } from '../../messages/compose/session-follow-up.js';
import { sessionHeld } from '../../messages/compose/session-messages.js';
import { actorSchema } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { loadMeeting } from '../meetings/meeting-access.js';
import { requireOpen } from '../shared/engagement-access.js';
import { updateMeeting } from '../shared/engagement-update.js';
import { parseInput } from '../shared/parse-input.js';
import { transitionEngagement } from '../shared/transition-engagement.js';
import { wantsSelfCheck } from './partnering-self-check.js';
import { askAfterSession } from './session-follow-up.js';

export const markSessionHeldInput = z.object({
  actor: actorSchema,
  meetingId: z.uuid('That session id is not valid.'),
});
export type MarkSessionHeldInput = z.infer<typeof markSessionHeldInput>;

/**
 * The client or the coach records that a session took place (also while paused: it happened before). Only the
 * coaching space is told; HR may see the count under the organisation's count_held policy. The client then
 * gets one action-planning question in their DM (seed text 003), as private as any reflection answer.
 */
export async function markSessionHeld(raw: MarkSessionHeldInput, deps: CoreDeps) {
  const input = parseInput(markSessionHeldInput, raw);
  const { changed, reply, located } = await transitionEngagement(deps, {
    actor: input.actor,
    access: {
      locate: (unit, resolved) =>
        loadMeeting(unit, deps, resolved, input.meetingId, 'session', 'mark_session_held'),
    },
    audience: 'private',
    decide: async ({ unit, current, located: { meeting, zone }, now }) => {
      if (meeting.status === 'held') return { unchanged: heldWords };
      requireOpen(current, { allowPaused: true });
      if (meeting.status !== 'scheduled') {
        throw new TriadError('illegal_transition', 'That coaching session was cancelled.');
      }
      if (meeting.startsAt && meeting.startsAt > now) {
        throw new TriadError(
          'illegal_transition',
          `That session is planned for ${formatMeetingTime(meeting.startsAt, zone)}.`,
          'Mark it as held once it has taken place.',
        );
      }
      const held = await updateMeeting(unit.repos, meeting, { status: 'held', heldAt: now }, now);
      return { change: {}, plan: held };
    },
    messages: async ({ unit, engagement, plan: meeting, located: { actorName } }) => {
      const question = await askAfterSession(unit, deps, engagement, meeting);
      const selfCheck = await wantsSelfCheck(unit, engagement.id, engagement.coachId);
      return [
        [sessionHeld(meeting, actorName), `meeting:${meeting.id}:held`],
        ...(selfCheck && engagement.coachId
          ? [
              [
                partneringSelfCheckMessage(engagement.coachId, engagement.id),
                `meeting:${meeting.id}:self-check`,
              ] as const,
            ]
          : []),
        ...(question
          ? [[sessionActionMessage(question), `meeting:${meeting.id}:action-question`] as const]
          : []),
      ];
    },
    audit: ({ plan: meeting }) => ({ action: 'session_held', details: { meetingId: meeting.id } }),
    reply: () => heldWords,
  });
  return { meetingId: located.meeting.id, changed, reply };
}

const heldWords = { summary: 'Coaching session held', lines: ['The coaching session is marked as held.'] };
