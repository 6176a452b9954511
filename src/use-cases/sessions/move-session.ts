import { z } from 'zod';
import { formatMeetingTime, parseMeetingTime, requireZone } from '../../engagement/meeting-time.js';
import { TriadError } from '../../errors.js';
import { sessionScheduled } from '../../messages/compose/session-messages.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { loadMeeting } from '../meetings/meeting-access.js';
import { replyPersonId, requireOpen } from '../shared/engagement-access.js';
import { updateMeeting } from '../shared/engagement-update.js';
import { parseInput } from '../shared/parse-input.js';
import { logisticsReply } from '../shared/reply.js';

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
  return inTransaction(deps, async (unit) => {
    const resolved = await resolveActor(unit.repos, deps, input.actor);
    const ctx = await loadMeeting(unit, deps, resolved, input.meetingId, 'session', 'move_session');
    requireOpen(ctx.engagement);
    const { meeting: current, triad } = ctx;
    if (current.status !== 'scheduled') {
      throw new TriadError(
        'illegal_transition',
        `That coaching session was ${current.status}; schedule a new one instead.`,
      );
    }
    const zone = requireZone(input.timeZone ?? ctx.zone);
    const now = deps.clock.now();
    const parsed = parseMeetingTime(input.localDateTime, zone, now);
    const reply = () =>
      unit.reply(
        logisticsReply({
          audience: 'private',
          personId: replyPersonId(resolved, input.actor.platformUserId),
          engagementId: ctx.engagement.id,
          summary: `Coaching session moved to ${formatMeetingTime(parsed.startsAt, zone)}`,
          lines: [`Coaching session moved to ${formatMeetingTime(parsed.startsAt, zone)}.`],
          notes: parsed.ambiguityNote ? [parsed.ambiguityNote] : [],
        }),
      );
    if (current.startsAt?.getTime() === parsed.startsAt.getTime()) {
      return { meetingId: current.id, changed: false, reply: await reply() };
    }
    const meeting = await updateMeeting(
      unit.repos,
      current,
      { startsAt: parsed.startsAt, organiserZone: zone },
      now,
    );
    await unit.send(
      sessionScheduled(
        meeting,
        [triad.client, ...(triad.coach ? [triad.coach] : [])],
        ctx.actorName,
        'moved',
        parsed.ambiguityNote,
      ),
      `meeting:${meeting.id}:v${meeting.version}:moved`,
    );
    await unit.audit({
      engagementId: meeting.engagementId,
      actorId: resolved.person?.id ?? null,
      action: 'session_moved',
      details: { meetingId: meeting.id, version: meeting.version },
    });
    unit.touch(meeting.engagementId);
    return { meetingId: meeting.id, changed: true, reply: await reply() };
  });
}
