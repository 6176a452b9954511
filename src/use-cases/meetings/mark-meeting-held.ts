import { z } from 'zod';
import { nextStage } from '../../engagement/lifecycle.js';
import { formatMeetingTime } from '../../engagement/meeting-time.js';
import type { Engagement, EngagementStage, Meeting } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import { endedForClient } from '../../messages/compose/hr-lifecycle.js';
import { afterHeldWords, meetingHeld } from '../../messages/compose/meeting-announcements.js';
import { meetingName } from '../../messages/compose/meeting-words.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { offerCoachChoice } from '../matching/offer-coach-choice.js';
import { closeOut } from '../shared/close-out.js';
import { replyPersonId, requireOpen, requireRole } from '../shared/engagement-access.js';
import { updateEngagement, updateMeeting } from '../shared/engagement-update.js';
import { parseInput } from '../shared/parse-input.js';
import { logisticsReply } from '../shared/reply.js';
import { loadMeeting, replyAudience } from './meeting-access.js';

export const markMeetingHeldInput = z.object({
  actor: actorSchema,
  meetingId: z.uuid('That meeting id is not valid.'),
});
export type MarkMeetingHeldInput = z.infer<typeof markMeetingHeldInput>;

/** The stage after a meeting is held (kickoff → coach matching or alignment; alignment → coaching; closing → closed). */
function stageAfter(meeting: Meeting, engagement: Engagement): EngagementStage {
  switch (meeting.kind) {
    case 'kickoff':
      return nextStage(engagement, 'kickoff_held');
    case 'alignment':
      return nextStage(engagement, 'alignment_held');
    case 'closing':
      return nextStage(engagement, 'closing_held');
    default:
      if (engagement.stage !== 'coaching' && engagement.stage !== 'closing') {
        throw new TriadError('illegal_transition', 'The mid-point check-in comes during coaching.');
      }
      return engagement.stage;
  }
}

/**
 * A triad member or HR records that a scheduled meeting took place once its start has passed (an unscheduled
 * one never counts as held). Only the client, who owns the meetings, or HR marks the closing meeting held,
 * since that closes the engagement; closing early is HR's `end`. Holding a meeting moves the engagement on: after the kickoff the
 * client is offered the coach shortlist (or, with a coach, alignment is next); after alignment coaching starts;
 * after the closing meeting the engagement is closed and its retention period begins. Marking twice is a no-op.
 */
export async function markMeetingHeld(raw: MarkMeetingHeldInput, deps: CoreDeps) {
  const input = parseInput(markMeetingHeldInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const ctx = await loadMeeting(unit, deps, resolved, input.meetingId, 'triad', 'mark_meeting_held');
    const { meeting: current, triad } = ctx;
    if (current.kind === 'closing') requireRole(ctx.engagement, resolved, 'mark_closing_meeting_held');
    const name = meetingName(current.kind);
    const reply = (engagement: Engagement) =>
      unit.reply(
        logisticsReply({
          audience: replyAudience(ctx.role),
          personId: replyPersonId(resolved, input.actor.platformUserId),
          engagementId: engagement.id,
          summary: `The ${name} is marked as held`,
          lines: [
            `The ${name} is marked as held. ${afterHeldWords(current, engagement, triad.client, undefined)}`,
          ],
        }),
      );
    if (current.status === 'held')
      return {
        meetingId: current.id,
        stage: ctx.engagement.stage,
        changed: false,
        reply: await reply(ctx.engagement),
      };
    requireOpen(ctx.engagement);
    if (current.status === 'cancelled') {
      throw new TriadError('illegal_transition', `The ${name} was cancelled.`, 'Schedule it again first.');
    }
    const now = deps.clock.now();
    if (current.status !== 'scheduled' || !current.startsAt) {
      throw new TriadError(
        'illegal_transition',
        `The ${name} has not been scheduled yet, so it cannot have been held.`,
        'Schedule it with its date and time first; once it has started it can be marked as held.',
      );
    }
    if (current.startsAt > now) {
      throw new TriadError(
        'illegal_transition',
        `The ${name} is scheduled for ${formatMeetingTime(current.startsAt, ctx.zone)}.`,
        'Mark it as held once it has taken place.',
      );
    }
    const stage = stageAfter(current, ctx.engagement);
    const meeting = await updateMeeting(repos, current, { status: 'held', heldAt: now }, now);
    let engagement = ctx.engagement;
    if (meeting.kind === 'closing') {
      engagement = (await closeOut(unit, deps, engagement, triad.organisation, 'closed')).engagement;
      await unit.send(
        endedForClient({ ...triad, engagement }, 'closed', engagement.purgeAfter ?? now),
        `engagement:${engagement.id}:ended:client`,
      );
    } else if (stage !== engagement.stage) {
      engagement = await updateEngagement(repos, engagement, { stage }, now);
    }
    if (engagement.stage === 'coach_matching') await offerCoachChoice(unit, engagement);
    const meetings = await repos.meetings.listByEngagement(engagement.id);
    const open = (kind: Meeting['kind']) =>
      meetings.filter((m) => m.kind === kind && m.status === 'unscheduled');
    const followUps =
      meeting.kind === 'kickoff' && engagement.stage === 'alignment'
        ? open('alignment')
        : meeting.kind === 'alignment'
          ? [...open('midpoint'), ...open('closing')]
          : [];
    const alignment = meetings.find((m) => m.kind === 'alignment');
    await unit.send(
      meetingHeld(
        meeting,
        ctx.actorName,
        afterHeldWords(meeting, engagement, triad.client, alignment),
        followUps,
      ),
      `meeting:${meeting.id}:held`,
    );
    await unit.audit({
      engagementId: engagement.id,
      actorId: resolved.person?.id ?? null,
      action: 'meeting_held',
      details: { meetingId: meeting.id, kind: meeting.kind, stage: engagement.stage },
    });
    unit.touch(engagement.id);
    return { meetingId: meeting.id, stage: engagement.stage, changed: true, reply: await reply(engagement) };
  });
}
