import { closingWeekStart } from '../engagement/lifecycle.js';
import { hoursOf } from '../engagement/organisation-settings.js';
import type {
  Engagement,
  EngagementStage,
  Meeting,
  MeetingKind,
  ReflectionPrompt,
} from '../engagement/records.js';
import { intoWorkingHours, type PromptTiming } from '../prompts/prompt-schedule.js';
import { sessionCheckInCycle } from '../prompts/session-questions.js';
import type { CoreSettings } from '../use-cases/deps.js';
import { promptingStages } from '../use-cases/reflections/reflection-access.js';
import {
  type EngagementPlan,
  type MeetingReminder,
  type OneOffPlan,
  oneOffId,
  type PromptSchedulePlan,
  promptScheduleId,
  reminderLeadMs,
  sessionCheckInLeadMs,
} from './planned-jobs.js';

/**
 * How the planner times jobs. Prompt interval and working hours must be the core's (`CoreSettings`), so build
 * the rules with `planningRules(settings)`; absent, they mean the weekly calendar in office hours.
 */
export interface PlanningRules extends PromptTiming {
  /** A reminder whose moment passed less than this long ago still goes out (now); older ones are dropped. */
  graceMs: number;
  /** How often the retention purge runs; daily when absent. */
  purgeEveryMs?: number | null;
}

export const defaultPlanningRules: PlanningRules = { graceMs: 15 * 60_000 };

/** The planner's rules for the core's settings (prompt interval, working hours, purge cadence). */
export function planningRules(
  settings: Pick<CoreSettings, 'promptIntervalMs' | 'workingHours' | 'purgeEveryMs'>,
  base: PlanningRules = defaultPlanningRules,
): PlanningRules {
  return {
    ...base,
    promptIntervalMs: settings.promptIntervalMs,
    workingHours: settings.workingHours,
    purgeEveryMs: settings.purgeEveryMs,
  };
}

export interface EngagementSnapshot {
  engagement: Engagement;
  meetings: readonly Meeting[];
  prompts: readonly ReflectionPrompt[];
}

/** Stages in which time-driven messages go out at all: paused and ended engagements get none. */
export const liveStages: readonly EngagementStage[] = [
  'kickoff',
  'coach_matching',
  'alignment',
  'coaching',
  'closing',
];

/** Which reminders each kind of meeting gets: alignment meetings remind the sponsor and prepare the client. */
const remindersByKind: Record<MeetingKind, readonly MeetingReminder[]> = {
  kickoff: ['sponsor-24h', 'sponsor-1h'],
  alignment: ['prepare-48h', 'sponsor-24h', 'sponsor-1h'],
  midpoint: ['prepare-48h', 'sponsor-24h', 'sponsor-1h'],
  closing: ['prepare-48h', 'sponsor-24h', 'sponsor-1h'],
  session: ['session-24h', 'session-1h'],
  chemistry: ['chemistry-24h', 'chemistry-1h'],
};

const DAY = 24 * 3600_000;

/**
 * The weekly cron for an engagement's prompts: `promptTime` on `promptWeekday` in the client's zone (fortnightly
 * engagements skip every other week when the prompt is issued); the minute's tick computes due times from it
 * with BullMQ's own cron, so they are what a scheduler per engagement would fire. Under a configured prompt
 * interval: every interval (then a scheduler per engagement runs it).
 */
export function promptSchedule(engagement: Engagement, timing: PromptTiming = {}): PromptSchedulePlan {
  const id = promptScheduleId(engagement.id);
  if (timing.promptIntervalMs && timing.promptIntervalMs > 0) {
    return { id, engagementId: engagement.id, everyMs: timing.promptIntervalMs };
  }
  return {
    id,
    engagementId: engagement.id,
    pattern: promptPattern(engagement.promptWeekday, engagement.promptTime),
    tz: engagement.timeZone,
  };
}

/** The five-field cron of a weekly prompt slot: `minute hour * * weekday` (local time in the slot's zone). */
export function promptPattern(weekday: number, time: string): string {
  const [hour, minute] = time.split(':').map(Number);
  return `${minute ?? 0} ${hour ?? 9} * * ${weekday}`;
}

const hasInterval = (timing: PromptTiming) => Boolean(timing.promptIntervalMs && timing.promptIntervalMs > 0);

/**
 * The jobs an engagement should have at `now`, derived from Postgres rows only. Pure: the same snapshot and
 * time give the same plan, which is what lets reconciliation rebuild Redis from the database.
 */
export function planEngagement(
  { engagement, meetings, prompts }: EngagementSnapshot,
  now: Date,
  rules: PlanningRules = defaultPlanningRules,
): EngagementPlan {
  const plan: EngagementPlan = { engagementId: engagement.id, prompt: null, oneOffs: [] };
  if (!liveStages.includes(engagement.stage)) return plan;
  // Weekly prompts are issued by the minute's tick (`globalSchedules.promptTick`); only a configured prompt
  // interval (demos, trials) keeps a scheduler per engagement.
  if (promptingStages.includes(engagement.stage) && hasInterval(rules)) {
    plan.prompt = promptSchedule(engagement, rules);
  }
  for (const prompt of prompts) plan.oneOffs.push(...promptJobs(engagement, prompt, now, rules));
  for (const meeting of meetings) plan.oneOffs.push(...meetingJobs(engagement, meeting, now, rules));
  plan.oneOffs.push(...scheduleReminders(engagement, meetings, now, rules));
  plan.oneOffs.push(...closingWeekJob(engagement, meetings, now));
  plan.oneOffs.push(...sessionCheckIns(engagement, meetings, prompts, now));
  plan.oneOffs.sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id.localeCompare(b.id));
  return plan;
}

/**
 * The earliest a one-off job of any of `prompts` can fall due, by their state alone: a snooze's end while
 * snoozed, a nudge while sent and not yet nudged; null when none has one. `promptJobs` never gives a prompt a job
 * due earlier (a nudge moves later, into working hours, never earlier), so a scheduler that queues every job due
 * by some instant knows the prompts have nothing queued, and need nothing queued now, when this is later.
 */
export function promptJobsDueFrom(...prompts: ReflectionPrompt[]): Date | null {
  let first: Date | null = null;
  for (const prompt of prompts) {
    const due =
      prompt.status === 'snoozed'
        ? prompt.snoozedUntil
        : prompt.status === 'sent' && !prompt.nudgedAt
          ? prompt.nudgeDueAt
          : null;
    if (due) first = first ? earliest(first, due) : due;
  }
  return first;
}

/** One nudge for an unanswered prompt, in working hours and before the prompt expires; or its snooze's end. */
function promptJobs(
  engagement: Engagement,
  prompt: ReflectionPrompt,
  now: Date,
  rules: PlanningRules,
): OneOffPlan[] {
  const data = { engagementId: engagement.id, promptId: prompt.id };
  if (prompt.status === 'snoozed' && prompt.snoozedUntil && prompt.expiresAt > now) {
    const runAt = latest(prompt.snoozedUntil, now);
    if (runAt >= prompt.expiresAt) return [];
    return [
      {
        name: 'resurface-prompt',
        id: oneOffId(engagement.id, 'snooze', prompt.id, 'end'),
        runAt,
        dueAt: prompt.snoozedUntil,
        data,
      },
    ];
  }
  if (prompt.status !== 'sent' || !prompt.nudgeDueAt || prompt.nudgedAt) return [];
  const runAt = intoWorkingHours(
    latest(prompt.nudgeDueAt, now),
    engagement.timeZone,
    hoursOf(engagement, rules.workingHours),
  );
  if (runAt >= prompt.expiresAt) return [];
  return [
    {
      name: 'nudge-prompt',
      id: oneOffId(engagement.id, 'nudge', prompt.id, 'once'),
      runAt,
      dueAt: earliest(prompt.nudgeDueAt, runAt),
      data,
    },
  ];
}

function meetingJobs(
  engagement: Engagement,
  meeting: Meeting,
  now: Date,
  rules: PlanningRules,
): OneOffPlan[] {
  if (meeting.status !== 'scheduled' || !meeting.startsAt || meeting.startsAt <= now) return [];
  const jobs: OneOffPlan[] = [];
  for (const reminder of remindersByKind[meeting.kind]) {
    const due = new Date(meeting.startsAt.getTime() - reminderLeadMs[reminder]);
    if (due.getTime() < now.getTime() - rules.graceMs) continue;
    jobs.push({
      name: 'meeting-reminder',
      id: oneOffId(engagement.id, 'meeting', meeting.id, reminder),
      runAt: latest(due, now),
      dueAt: due,
      data: {
        engagementId: engagement.id,
        meetingId: meeting.id,
        reminder,
        startsAt: meeting.startsAt.toISOString(),
      },
    });
  }
  return jobs;
}

/** When the triad is reminded to schedule the mid-point (half-time) and closing (two weeks before the end). */
export function scheduleReminderDue(engagement: Engagement, kind: 'midpoint' | 'closing'): Date {
  const totalMs = engagement.weeks * 7 * DAY;
  const offset = kind === 'midpoint' ? totalMs / 2 : Math.max(totalMs / 2, totalMs - 14 * DAY);
  return new Date(engagement.startedAt.getTime() + offset);
}

function scheduleReminders(
  engagement: Engagement,
  meetings: readonly Meeting[],
  now: Date,
  rules: PlanningRules,
): OneOffPlan[] {
  if (engagement.stage === 'kickoff' || engagement.stage === 'coach_matching') return [];
  const jobs: OneOffPlan[] = [];
  for (const kind of ['midpoint', 'closing'] as const) {
    const meeting = meetings.find((m) => m.kind === kind);
    if (meeting?.status !== 'unscheduled') continue;
    if (kind === 'midpoint' && engagement.stage === 'closing') continue;
    const dueAt = scheduleReminderDue(engagement, kind);
    const due = intoWorkingHours(dueAt, engagement.timeZone, hoursOf(engagement, rules.workingHours));
    if (due.getTime() < now.getTime() - rules.graceMs) continue;
    jobs.push({
      name: 'schedule-reminder',
      id: oneOffId(engagement.id, 'schedule', meeting.id, kind),
      runAt: latest(due, now),
      dueAt: earliest(dueAt, due),
      data: { engagementId: engagement.id, meetingId: meeting.id },
    });
  }
  return jobs;
}

/**
 * During coaching with the closing meeting scheduled: the job that starts the closing stage when that meeting's
 * week begins (Monday 00:00 in the client's zone; now, if that has passed). Keyed by the meeting's time, so a move
 * replaces it.
 */
function closingWeekJob(engagement: Engagement, meetings: readonly Meeting[], now: Date): OneOffPlan[] {
  const closing = meetings.find((m) => m.kind === 'closing');
  if (engagement.stage !== 'coaching' || closing?.status !== 'scheduled' || !closing.startsAt) return [];
  const dueAt = closingWeekStart(closing.startsAt, engagement.timeZone);
  return [
    {
      name: 'closing-week',
      id: oneOffId(engagement.id, 'stage', closing.id, 'closing'),
      runAt: latest(dueAt, now),
      dueAt,
      data: { engagementId: engagement.id, meetingId: closing.id, startsAt: closing.startsAt.toISOString() },
    },
  ];
}

/**
 * Once the client was asked a question after a session: the check-in before each session still ahead, 24 hours
 * before it (now, if the session is nearer than that), until that check-in was asked. Keyed by the session, with
 * its start in the data, so a move replaces it and a cancelled session loses it.
 */
function sessionCheckIns(
  engagement: Engagement,
  meetings: readonly Meeting[],
  prompts: readonly ReflectionPrompt[],
  now: Date,
): OneOffPlan[] {
  if (engagement.stage === 'kickoff') return [];
  if (!prompts.some((p) => p.cycle.startsWith('session:'))) return [];
  const asked = new Set(prompts.map((p) => p.cycle));
  return meetings
    .filter((m) => m.kind === 'session' && m.status === 'scheduled' && m.startsAt && m.startsAt > now)
    .filter((m) => !asked.has(sessionCheckInCycle(m.id)))
    .map((m) => {
      const startsAt = m.startsAt as Date;
      const dueAt = new Date(startsAt.getTime() - sessionCheckInLeadMs);
      return {
        name: 'session-check-in' as const,
        id: oneOffId(engagement.id, 'checkin', m.id, 'before'),
        runAt: latest(dueAt, now),
        dueAt,
        data: { engagementId: engagement.id, meetingId: m.id, startsAt: startsAt.toISOString() },
      };
    });
}

const latest = (a: Date, b: Date): Date => (a.getTime() >= b.getTime() ? a : b);
const earliest = (a: Date, b: Date): Date => (a.getTime() <= b.getTime() ? a : b);
