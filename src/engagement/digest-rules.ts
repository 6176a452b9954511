import { isLive } from './lifecycle.js';
import type { Engagement, Meeting, MeetingKind } from './records.js';

const DAY = 24 * 3600 * 1000;
const WEEK = 7 * DAY;

/** A kickoff still unscheduled this many days after the engagement started needs HR. */
const KICKOFF_GRACE_DAYS = 7;
/** A pause longer than this many days needs HR. */
const PAUSE_LIMIT_DAYS = 14;
/** The sponsor alignment meeting is due by the end of this week of the engagement. */
const ALIGNMENT_TARGET_WEEK = 4;

/** What needs HR's attention in one engagement: lifecycle metadata only, never private activity. */
export type DigestFinding =
  | { kind: 'kickoff_unscheduled'; engagementId: string; days: number }
  | {
      kind: 'meeting_overdue';
      engagementId: string;
      meeting: 'alignment' | 'midpoint' | 'closing';
      week: number;
    }
  | { kind: 'paused_long'; engagementId: string; days: number }
  | { kind: 'delivery_failed'; engagementId: string; count: number };

/**
 * The week of the engagement (1-based) by whose end a triad meeting should have been held: the alignment
 * meeting by week 4, the mid-point at half-time, the closing meeting in the last week.
 */
function targetWeek(engagement: Pick<Engagement, 'weeks'>, kind: 'alignment' | 'midpoint' | 'closing') {
  if (kind === 'alignment') return Math.min(ALIGNMENT_TARGET_WEEK, engagement.weeks);
  if (kind === 'midpoint') return Math.ceil(engagement.weeks / 2);
  return engagement.weeks;
}

const overdueKinds = ['alignment', 'midpoint', 'closing'] as const satisfies readonly MeetingKind[];

/**
 * The findings of one engagement at `now`, from its stage, start, pause and triad meetings, plus the number of
 * its failed deliveries HR may see (sponsor space and HR notifications only). Pure.
 */
export function digestFindings(
  engagement: Engagement,
  meetings: readonly Meeting[],
  visibleFailures: number,
  now: Date,
): DigestFinding[] {
  const findings: DigestFinding[] = [];
  const engagementId = engagement.id;
  const since = (at: Date) => Math.floor((now.getTime() - at.getTime()) / DAY);
  if (engagement.stage === 'paused') {
    if (engagement.pausedAt && since(engagement.pausedAt) > PAUSE_LIMIT_DAYS) {
      findings.push({ kind: 'paused_long', engagementId, days: since(engagement.pausedAt) });
    }
  } else if (isLive(engagement.stage)) {
    const kickoff = meetings.find((m) => m.kind === 'kickoff');
    if (kickoff?.status === 'unscheduled' && since(engagement.startedAt) >= KICKOFF_GRACE_DAYS) {
      findings.push({ kind: 'kickoff_unscheduled', engagementId, days: since(engagement.startedAt) });
    }
    for (const kind of overdueKinds) {
      const meeting = meetings.find((m) => m.kind === kind);
      if (!meeting || meeting.status === 'held' || meeting.status === 'cancelled') continue;
      const week = targetWeek(engagement, kind);
      if (now.getTime() >= engagement.startedAt.getTime() + week * WEEK) {
        findings.push({ kind: 'meeting_overdue', engagementId, meeting: kind, week });
      }
    }
  }
  if (visibleFailures > 0) findings.push({ kind: 'delivery_failed', engagementId, count: visibleFailures });
  return findings;
}
