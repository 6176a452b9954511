import { DateTime } from 'luxon';
import { TriadError } from '../errors.js';
import type { Engagement, EngagementStage, Meeting } from './records.js';
import { zoneWeek } from './zone-weeks.js';

/**
 * The engagement lifecycle (DESIGN section 2) as an explicit state machine:
 * kickoff → coach_matching → alignment → coaching (optional mid-point) → closing → closed,
 * plus paused (remembers where it was) and cancelled. Terminal: closed, cancelled.
 */
export type LifecycleEvent =
  | 'kickoff_held'
  | 'coach_selected'
  | 'alignment_held'
  | 'closing_started'
  | 'closing_postponed'
  | 'closing_held'
  | 'pause'
  | 'resume'
  | 'end';

export const activeStages: readonly EngagementStage[] = [
  'kickoff',
  'coach_matching',
  'alignment',
  'coaching',
  'closing',
];
export const terminalStages: readonly EngagementStage[] = ['closed', 'cancelled'];

export const isTerminal = (stage: EngagementStage) => terminalStages.includes(stage);
export const isLive = (stage: EngagementStage) => !isTerminal(stage);

const stageWords: Record<EngagementStage, string> = {
  kickoff: 'kickoff',
  coach_matching: 'coach matching',
  alignment: 'sponsor alignment',
  coaching: 'coaching',
  closing: 'closing',
  closed: 'closed',
  paused: 'paused',
  cancelled: 'cancelled',
};

export const describeStage = (stage: EngagementStage): string => stageWords[stage];

/** The stage an event leads to, or a readable refusal. Pure: persistence is the use case's job. */
export function nextStage(
  engagement: Pick<Engagement, 'stage' | 'pausedStage' | 'coachId'>,
  event: LifecycleEvent,
) {
  const { stage } = engagement;
  const refuse = (why: string): never => {
    throw new TriadError('illegal_transition', why);
  };
  if (isTerminal(stage)) refuse(`This engagement is ${describeStage(stage)}; nothing more can change.`);
  switch (event) {
    case 'pause':
      if (stage === 'paused') refuse('This engagement is already paused.');
      return 'paused' as const;
    case 'resume':
      if (stage !== 'paused') refuse('Only a paused engagement can be resumed.');
      return engagement.pausedStage ?? 'kickoff';
    case 'end': {
      // Paused, it ends as the stage it was paused in would: closed once coaching was under way.
      const from = stage === 'paused' ? (engagement.pausedStage ?? 'kickoff') : stage;
      return (from === 'closing' || from === 'coaching' ? 'closed' : 'cancelled') as EngagementStage;
    }
  }
  if (stage === 'paused') refuse('This engagement is paused. Resume it first.');
  switch (event) {
    case 'kickoff_held':
      if (stage !== 'kickoff') refuse('The kickoff meeting has already been held.');
      return engagement.coachId ? 'alignment' : 'coach_matching';
    case 'coach_selected':
      if (stage !== 'coach_matching' && stage !== 'kickoff') refuse('The coach has already been chosen.');
      return stage === 'kickoff' ? 'kickoff' : 'alignment';
    case 'alignment_held':
      if (stage !== 'alignment')
        refuse('The sponsor alignment meeting can only be held after the coach is chosen.');
      return 'coaching';
    case 'closing_started':
      if (stage !== 'coaching') refuse('Closing starts once coaching is under way.');
      return 'closing';
    case 'closing_postponed':
      if (stage !== 'closing') refuse('Only an engagement in its closing stage can go back to coaching.');
      return 'coaching';
    case 'closing_held':
      if (stage !== 'coaching' && stage !== 'closing')
        refuse('The closing meeting comes at the end of coaching.');
      return 'closed';
  }
}

/**
 * When the closing stage begins: Monday 00:00, in the client's zone, of the week the closing meeting is in. The
 * closing stage is that week (and whatever is left after it until the meeting is held), not the weeks between
 * scheduling the meeting and the meeting itself.
 */
export function closingWeekStart(closingStartsAt: Date, zone: string): Date {
  const week = zoneWeek(closingStartsAt, zone);
  return week
    ? new Date(week.start)
    : DateTime.fromJSDate(closingStartsAt, { zone }).startOf('week').toJSDate();
}

/** Where the closing meeting stands at `at`: its week has begun, it is scheduled for a later week, or it is not scheduled. */
export type ClosingWeek = 'begun' | 'ahead' | 'unscheduled';

export function closingWeekAt(
  engagement: Pick<Engagement, 'timeZone'>,
  meetings: readonly Pick<Meeting, 'kind' | 'status' | 'startsAt'>[],
  at: Date,
): ClosingWeek {
  const closing = meetings.find((m) => m.kind === 'closing');
  if (!closing?.startsAt || (closing.status !== 'scheduled' && closing.status !== 'held'))
    return 'unscheduled';
  return at.getTime() >= closingWeekStart(closing.startsAt, engagement.timeZone).getTime()
    ? 'begun'
    : 'ahead';
}

/**
 * The stage rule for closing: coaching becomes closing once the closing meeting's week has begun; closing goes back
 * to coaching when the meeting is moved to a later week or cancelled. Undefined: the stage stays.
 */
export function closingEventAt(
  engagement: Pick<Engagement, 'stage' | 'timeZone'>,
  meetings: readonly Pick<Meeting, 'kind' | 'status' | 'startsAt'>[],
  at: Date,
): 'closing_started' | 'closing_postponed' | undefined {
  const week = closingWeekAt(engagement, meetings, at);
  if (engagement.stage === 'coaching' && week === 'begun') return 'closing_started';
  if (engagement.stage === 'closing' && week !== 'begun') return 'closing_postponed';
  return undefined;
}
