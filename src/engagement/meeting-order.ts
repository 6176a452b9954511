import { TriadError } from '../errors.js';
import { formatMeetingTime } from './meeting-time.js';
import { isTriadMeeting, type Meeting, type MeetingKind, type TriadMeetingKind } from './records.js';

/**
 * The order of an engagement's triad meetings: kickoff, then the sponsor alignment meeting(s), then the
 * mid-point, then the closing meeting. Coaching sessions and chemistry (intro) calls are outside this order. The gap between two meetings in
 * this order is the earlier meeting's length: a meeting may start when the one before it has ended, not earlier
 * (so never at the same minute); a meeting marked held has ended then. Meetings of the same rank (alignments)
 * are not ordered among themselves.
 */
const rank: Record<TriadMeetingKind, number> = {
  kickoff: 0,
  alignment: 1,
  midpoint: 2,
  closing: 3,
};

const minute = 60_000;

/** When a meeting starts, if it has a time that counts (scheduled, or held). */
function startOf(meeting: Meeting): Date | null {
  if (meeting.status === 'scheduled') return meeting.startsAt;
  if (meeting.status === 'held') return meeting.startsAt ?? meeting.heldAt;
  return null;
}

/** When a meeting ends: its start plus its length, or when it was marked held if that was sooner (it is over). */
function endOf(start: Date, meeting: Meeting): Date {
  const planned = start.getTime() + meeting.durationMinutes * minute;
  return new Date(meeting.heldAt ? Math.min(planned, meeting.heldAt.getTime()) : planned);
}

/**
 * Refuses `startsAt` for `meeting` when it would put it before a meeting that comes earlier in the order (or
 * before that one has ended), or after a meeting that comes later (or so close that it would still be running).
 * The answer names the other meeting, its time in `zone`, and the time to pick instead.
 */
export function requireMeetingOrder(
  meeting: Meeting,
  startsAt: Date,
  meetings: readonly Meeting[],
  zone: string,
  name: (kind: MeetingKind) => string,
): void {
  if (!isTriadMeeting(meeting.kind)) return;
  const own = rank[meeting.kind];
  const ownEnd = endOf(startsAt, meeting);
  for (const other of meetings) {
    if (other.id === meeting.id || !isTriadMeeting(other.kind) || other.engagementId !== meeting.engagementId)
      continue;
    const otherStart = startOf(other);
    if (!otherStart) continue;
    const otherRank = rank[other.kind];
    const at = formatMeetingTime(otherStart, zone);
    const verb = other.status === 'held' ? 'was held on' : 'is set for';
    if (otherRank < own && startsAt.getTime() < endOf(otherStart, other).getTime()) {
      throw new TriadError(
        'illegal_transition',
        `The ${name(meeting.kind)} must come after the ${name(other.kind)}, which ${verb} ${at} (${other.durationMinutes} minutes).`,
        `Pick ${formatMeetingTime(endOf(otherStart, other), zone)} or later.`,
      );
    }
    if (otherRank > own && ownEnd.getTime() > otherStart.getTime()) {
      throw new TriadError(
        'illegal_transition',
        `The ${name(meeting.kind)} must come before the ${name(other.kind)}, which ${verb} ${at}.`,
        `Pick a time that ends by then (the ${name(meeting.kind)} lasts ${meeting.durationMinutes} minutes), or move the ${name(other.kind)} first.`,
      );
    }
  }
}
