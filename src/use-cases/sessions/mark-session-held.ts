import { z } from 'zod';
import { formatMeetingTime } from '../../engagement/meeting-time.js';
import { TriadError } from '../../errors.js';
import { sessionHeld } from '../../messages/compose/session-messages.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { loadMeeting } from '../meetings/meeting-access.js';
import { replyPersonId, requireOpen } from '../shared/engagement-access.js';
import { updateMeeting } from '../shared/engagement-update.js';
import { parseInput } from '../shared/parse-input.js';
import { logisticsReply } from '../shared/reply.js';

export const markSessionHeldInput = z.object({
  actor: actorSchema,
  meetingId: z.uuid('That session id is not valid.'),
});
export type MarkSessionHeldInput = z.infer<typeof markSessionHeldInput>;

/**
 * The client or the coach records that a session took place (also while paused: it happened before). Only the
 * coaching space is told; HR may see the count under the organisation's count_held policy.
 */
export async function markSessionHeld(raw: MarkSessionHeldInput, deps: CoreDeps) {
  const input = parseInput(markSessionHeldInput, raw);
  return inTransaction(deps, async (unit) => {
    const resolved = await resolveActor(unit.repos, deps, input.actor);
    const ctx = await loadMeeting(unit, deps, resolved, input.meetingId, 'session', 'mark_session_held');
    const { meeting: current } = ctx;
    const reply = () =>
      unit.reply(
        logisticsReply({
          audience: 'private',
          personId: replyPersonId(resolved, input.actor.platformUserId),
          engagementId: ctx.engagement.id,
          summary: 'Coaching session held',
          lines: ['The coaching session is marked as held.'],
        }),
      );
    if (current.status === 'held') return { meetingId: current.id, changed: false, reply: await reply() };
    requireOpen(ctx.engagement, { allowPaused: true });
    if (current.status !== 'scheduled') {
      throw new TriadError('illegal_transition', 'That coaching session was cancelled.');
    }
    const now = deps.clock.now();
    if (current.startsAt && current.startsAt > now) {
      throw new TriadError(
        'illegal_transition',
        `That session is planned for ${formatMeetingTime(current.startsAt, ctx.zone)}.`,
        'Mark it as held once it has taken place.',
      );
    }
    const meeting = await updateMeeting(unit.repos, current, { status: 'held', heldAt: now }, now);
    await unit.send(sessionHeld(meeting, ctx.actorName), `meeting:${meeting.id}:held`);
    await unit.audit({
      engagementId: meeting.engagementId,
      actorId: resolved.person?.id ?? null,
      action: 'session_held',
      details: { meetingId: meeting.id },
    });
    unit.touch(meeting.engagementId);
    return { meetingId: meeting.id, changed: true, reply: await reply() };
  });
}
