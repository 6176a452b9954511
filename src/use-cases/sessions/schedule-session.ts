import { z } from 'zod';
import { formatMeetingTime, parseMeetingTime, requireZone } from '../../engagement/meeting-time.js';
import type { Meeting } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import { sessionScheduled } from '../../messages/compose/session-messages.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import {
  loadTriad,
  lockEngagement,
  replyPersonId,
  requireOpen,
  requireRole,
} from '../shared/engagement-access.js';
import { parseInput } from '../shared/parse-input.js';
import { logisticsReply } from '../shared/reply.js';

export const scheduleSessionInput = z.object({
  actor: actorSchema,
  engagementId: z.uuid('That engagement id is not valid.'),
  /** Local date-time in the actor's zone, YYYY-MM-DDTHH:mm. */
  localDateTime: z.string().trim().min(1, 'Pick a date and time.').max(40),
  timeZone: z.string().trim().min(1).max(64).optional(),
  durationMinutes: z
    .number()
    .int()
    .min(15, 'A session lasts between 15 and 180 minutes.')
    .max(180, 'A session lasts between 15 and 180 minutes.')
    .optional(),
});
export type ScheduleSessionInput = z.infer<typeof scheduleSessionInput>;

/**
 * The client or the coach schedules a coaching session. It is announced in the coaching space only. The same
 * session time twice (a double click) creates nothing new and answers the same.
 */
export async function scheduleSession(raw: ScheduleSessionInput, deps: CoreDeps) {
  const input = parseInput(scheduleSessionInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const engagement = await lockEngagement(repos, input.engagementId);
    requireRole(engagement, resolved, 'schedule_session');
    requireOpen(engagement);
    const triad = await loadTriad(repos, engagement);
    if (!triad.coach) {
      throw new TriadError('illegal_transition', 'Coaching sessions start once you have chosen your coach.');
    }
    const zone = requireZone(input.timeZone ?? resolved.person?.timeZone ?? deps.settings.defaultTimeZone);
    const now = deps.clock.now();
    const parsed = parseMeetingTime(input.localDateTime, zone, now);
    const reply = (meeting: Meeting) =>
      unit.reply(
        logisticsReply({
          audience: 'private',
          personId: replyPersonId(resolved, input.actor.platformUserId),
          engagementId: engagement.id,
          summary: `Coaching session set for ${formatMeetingTime(parsed.startsAt, zone)}`,
          lines: [
            `Coaching session set for ${formatMeetingTime(parsed.startsAt, zone)} (${meeting.durationMinutes} minutes). It is posted in your coaching space only.`,
          ],
          notes: parsed.ambiguityNote ? [parsed.ambiguityNote] : [],
        }),
      );
    const existing = (await repos.meetings.listByEngagement(engagement.id)).find(
      (m) =>
        m.kind === 'session' &&
        m.status === 'scheduled' &&
        m.startsAt?.getTime() === parsed.startsAt.getTime(),
    );
    if (existing) return { meetingId: existing.id, changed: false, reply: await reply(existing) };
    const meeting: Meeting = {
      id: deps.ids.newId(),
      engagementId: engagement.id,
      kind: 'session',
      status: 'scheduled',
      startsAt: parsed.startsAt,
      durationMinutes: input.durationMinutes ?? 60,
      organiserId: resolved.person?.id ?? null,
      organiserZone: zone,
      threadAddress: null,
      videoUrl: null,
      coachId: null,
      heldAt: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await repos.meetings.insert(meeting);
    const byName = resolved.person?.displayName ?? 'Someone';
    await unit.send(
      sessionScheduled(meeting, [triad.client, triad.coach], byName, 'scheduled', parsed.ambiguityNote),
      `meeting:${meeting.id}:v${meeting.version}:scheduled`,
    );
    await unit.audit({
      engagementId: engagement.id,
      actorId: resolved.person?.id ?? null,
      action: 'session_scheduled',
      details: { meetingId: meeting.id },
    });
    unit.touch(engagement.id);
    return { meetingId: meeting.id, changed: true, reply: await reply(meeting) };
  });
}
