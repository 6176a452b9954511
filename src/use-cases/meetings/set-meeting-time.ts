import { z } from 'zod';
import { nextStage } from '../../engagement/lifecycle.js';
import { formatMeetingTime, parseMeetingTime, requireZone } from '../../engagement/meeting-time.js';
import { TriadError } from '../../errors.js';
import { meetingAnnounced, meetingOwnerNote } from '../../messages/compose/meeting-announcements.js';
import { meetingName } from '../../messages/compose/meeting-words.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { replyPersonId, requireOpen } from '../shared/engagement-access.js';
import { updateEngagement, updateMeeting } from '../shared/engagement-update.js';
import { parseInput } from '../shared/parse-input.js';
import { logisticsReply } from '../shared/reply.js';
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
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const ctx = await loadMeeting(
      unit,
      deps,
      resolved,
      input.meetingId,
      'triad',
      mode === 'schedule' ? 'schedule_meeting' : 'move_meeting',
    );
    const { meeting: current, triad } = ctx;
    requireOpen(ctx.engagement);
    const name = meetingName(current.kind);
    if (needsCoach.includes(current.kind) && !ctx.engagement.coachId) {
      throw new TriadError(
        'illegal_transition',
        `The ${name} can only be scheduled once a coach is assigned.`,
        `${triad.client.displayName} chooses a coach after the kickoff.`,
      );
    }
    if (current.status === 'held')
      throw new TriadError('illegal_transition', `The ${name} has already been held.`);
    const zone = requireZone(input.timeZone ?? ctx.zone);
    const now = deps.clock.now();
    const parsed = parseMeetingTime(input.localDateTime, zone, now);
    const personId = replyPersonId(resolved, input.actor.platformUserId);
    const reply = () =>
      unit.reply(
        logisticsReply({
          audience: replyAudience(ctx.role),
          personId,
          engagementId: ctx.engagement.id,
          summary: `The ${name} is set for ${formatMeetingTime(parsed.startsAt, zone)}`,
          lines: [
            `The ${name} is set for ${formatMeetingTime(parsed.startsAt, zone)}. Everyone sees it in the sponsor thread in their own time zone.`,
          ],
          notes: parsed.ambiguityNote ? [parsed.ambiguityNote] : [],
        }),
      );
    if (current.status === 'scheduled' && current.startsAt?.getTime() === parsed.startsAt.getTime()) {
      return { meetingId: current.id, changed: false, reply: await reply() };
    }
    if (mode === 'schedule' && current.status === 'scheduled') {
      throw new TriadError(
        'conflict',
        `The ${name} is already scheduled for ${formatMeetingTime(current.startsAt ?? now, zone)}.`,
        'Use "Move it" on the meeting message to change the time.',
      );
    }
    if (mode === 'reschedule' && current.status !== 'scheduled') {
      throw new TriadError('illegal_transition', `The ${name} is not scheduled yet.`, 'Schedule it first.');
    }
    const meeting = await updateMeeting(
      repos,
      current,
      {
        status: 'scheduled',
        startsAt: parsed.startsAt,
        organiserId: resolved.person?.id ?? null,
        organiserZone: zone,
      },
      now,
    );
    const change = current.status === 'scheduled' ? 'moved' : 'scheduled';
    const key = `meeting:${meeting.id}:v${meeting.version}`;
    await unit.send(
      meetingAnnounced({
        meeting,
        client: triad.client,
        attendees: attendeesOf(triad),
        organiserName: ctx.actorName,
        change,
        ...(parsed.ambiguityNote ? { ambiguityNote: parsed.ambiguityNote } : {}),
      }),
      `${key}:announce`,
    );
    if (meeting.kind !== 'kickoff') {
      await unit.send(meetingOwnerNote(meeting, triad.client, change), `${key}:owner-note`);
    }
    if (meeting.kind === 'closing' && ctx.engagement.stage === 'coaching') {
      await updateEngagement(
        repos,
        ctx.engagement,
        { stage: nextStage(ctx.engagement, 'closing_started') },
        now,
      );
    }
    await unit.audit({
      engagementId: meeting.engagementId,
      actorId: resolved.person?.id ?? null,
      action: change === 'scheduled' ? 'meeting_scheduled' : 'meeting_moved',
      details: { meetingId: meeting.id, kind: meeting.kind, version: meeting.version },
    });
    unit.touch(meeting.engagementId);
    return { meetingId: meeting.id, changed: true, reply: await reply() };
  });
}
