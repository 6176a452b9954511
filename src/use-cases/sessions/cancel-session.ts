import { z } from 'zod';
import { TriadError } from '../../errors.js';
import { sessionCancelled } from '../../messages/compose/session-messages.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { loadMeeting } from '../meetings/meeting-access.js';
import { replyPersonId } from '../shared/engagement-access.js';
import { updateMeeting } from '../shared/engagement-update.js';
import { parseInput } from '../shared/parse-input.js';
import { logisticsReply } from '../shared/reply.js';

export const cancelSessionInput = z.object({
  actor: actorSchema,
  meetingId: z.uuid('That session id is not valid.'),
});
export type CancelSessionInput = z.infer<typeof cancelSessionInput>;

/** The client or the coach cancels a scheduled coaching session. Cancelling twice is a no-op. */
export async function cancelSession(raw: CancelSessionInput, deps: CoreDeps) {
  const input = parseInput(cancelSessionInput, raw);
  return inTransaction(deps, async (unit) => {
    const resolved = await resolveActor(unit.repos, deps, input.actor);
    const ctx = await loadMeeting(unit, deps, resolved, input.meetingId, 'session', 'cancel_session');
    const { meeting: current, triad } = ctx;
    const reply = () =>
      unit.reply(
        logisticsReply({
          audience: 'private',
          personId: replyPersonId(resolved, input.actor.platformUserId),
          engagementId: ctx.engagement.id,
          summary: 'Coaching session cancelled',
          lines: ['The coaching session is cancelled; your coaching space has been told.'],
        }),
      );
    if (current.status === 'cancelled')
      return { meetingId: current.id, changed: false, reply: await reply() };
    if (current.status !== 'scheduled') {
      throw new TriadError('illegal_transition', 'That coaching session has already been held.');
    }
    const meeting = await updateMeeting(unit.repos, current, { status: 'cancelled' }, deps.clock.now());
    const people = [triad.client, ...(triad.coach ? [triad.coach] : [])];
    await unit.send(
      sessionCancelled(meeting, ctx.actorName, people),
      `meeting:${meeting.id}:v${meeting.version}:cancelled`,
    );
    await unit.audit({
      engagementId: meeting.engagementId,
      actorId: resolved.person?.id ?? null,
      action: 'session_cancelled',
      details: { meetingId: meeting.id },
    });
    unit.touch(meeting.engagementId);
    return { meetingId: meeting.id, changed: true, reply: await reply() };
  });
}
