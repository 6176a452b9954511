import { z } from 'zod';
import { TriadError } from '../../errors.js';
import { meetingCancelled } from '../../messages/compose/meeting-announcements.js';
import { meetingName } from '../../messages/compose/meeting-words.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { replyPersonId, requireOpen } from '../shared/engagement-access.js';
import { updateMeeting } from '../shared/engagement-update.js';
import { parseInput } from '../shared/parse-input.js';
import { logisticsReply } from '../shared/reply.js';
import { loadMeeting, replyAudience } from './meeting-access.js';

export const cancelMeetingInput = z.object({
  actor: actorSchema,
  meetingId: z.uuid('That meeting id is not valid.'),
});
export type CancelMeetingInput = z.infer<typeof cancelMeetingInput>;

/** Any triad member or HR cancels a scheduled meeting; it can be scheduled again. Cancelling twice is a no-op. */
export async function cancelMeeting(raw: CancelMeetingInput, deps: CoreDeps) {
  const input = parseInput(cancelMeetingInput, raw);
  return inTransaction(deps, async (unit) => {
    const resolved = await resolveActor(unit.repos, deps, input.actor);
    const ctx = await loadMeeting(unit, deps, resolved, input.meetingId, 'triad', 'cancel_meeting');
    const { meeting: current } = ctx;
    const name = meetingName(current.kind);
    const reply = () =>
      unit.reply(
        logisticsReply({
          audience: replyAudience(ctx.role),
          personId: replyPersonId(resolved, input.actor.platformUserId),
          engagementId: ctx.engagement.id,
          summary: `The ${name} is cancelled`,
          lines: [
            `The ${name} is cancelled. The sponsor thread has been told; anyone in the triad can schedule it again.`,
          ],
        }),
      );
    if (current.status === 'cancelled')
      return { meetingId: current.id, changed: false, reply: await reply() };
    requireOpen(ctx.engagement, { allowPaused: true });
    if (current.status === 'held')
      throw new TriadError('illegal_transition', `The ${name} has already been held.`);
    if (current.status === 'unscheduled')
      throw new TriadError('illegal_transition', `The ${name} is not scheduled.`);
    const meeting = await updateMeeting(unit.repos, current, { status: 'cancelled' }, deps.clock.now());
    await unit.send(
      meetingCancelled(meeting, ctx.actorName),
      `meeting:${meeting.id}:v${meeting.version}:cancelled`,
    );
    await unit.audit({
      engagementId: meeting.engagementId,
      actorId: resolved.person?.id ?? null,
      action: 'meeting_cancelled',
      details: { meetingId: meeting.id, kind: meeting.kind, version: meeting.version },
    });
    unit.touch(meeting.engagementId);
    return { meetingId: meeting.id, changed: true, reply: await reply() };
  });
}
