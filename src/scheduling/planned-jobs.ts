/**
 * What the scheduler should hold for an engagement, as plain data: one repeating reflection-prompt schedule
 * and a set of one-off jobs, each with a deterministic id so that planning twice gives the same ids, a moved
 * meeting replaces its reminders and a cancelled one removes them.
 *
 * Ids are `<engagementId>.<kind>.<subjectId>.<offset>`: dots, not colons, because BullMQ reserves colons in
 * custom job ids. The engagement id comes first so reconciliation can tell whose job a stray one is.
 */

export const meetingReminders = [
  'sponsor-24h',
  'sponsor-1h',
  'prepare-48h',
  'session-24h',
  'session-1h',
  'chemistry-24h',
  'chemistry-1h',
] as const;
export type MeetingReminder = (typeof meetingReminders)[number];

/** How long before the meeting each reminder goes out. */
export const reminderLeadMs: Record<MeetingReminder, number> = {
  'sponsor-24h': 24 * 3600_000,
  'sponsor-1h': 3600_000,
  'prepare-48h': 48 * 3600_000,
  'session-24h': 24 * 3600_000,
  'session-1h': 3600_000,
  'chemistry-24h': 24 * 3600_000,
  'chemistry-1h': 3600_000,
};

/**
 * An engagement's repeating prompt: a five-field cron in the client's zone (`minute hour * * weekday`, the
 * calendar), or every `everyMs` when a prompt interval is configured (demos, trials).
 */
export type PromptSchedulePlan = { id: string; engagementId: string } & (
  | { pattern: string; tz: string; everyMs?: undefined }
  | { everyMs: number; pattern?: undefined; tz?: undefined }
);

/** A schedule that belongs to no engagement: a cron in `tz`, or every `everyMs`. */
export type GlobalSchedulePlan = { id: string } & (
  | { pattern: string; tz: string; everyMs?: undefined }
  | { everyMs: number; pattern?: undefined; tz?: undefined }
);

interface OneOff<Name extends string, Data> {
  name: Name;
  id: string;
  runAt: Date;
  /**
   * When the job falls due by its own rule (a meeting's start minus the lead, the nudge's due time, the end of a
   * snooze, …) before the planner moves it to now or into working hours: never after `runAt`. The horizon
   * takes a job into Redis once this instant is within it (`planningHorizon`).
   */
  dueAt: Date;
  data: Data;
}

export type OneOffPlan =
  | OneOff<'nudge-prompt', { engagementId: string; promptId: string }>
  | OneOff<'resurface-prompt', { engagementId: string; promptId: string }>
  | OneOff<
      'meeting-reminder',
      { engagementId: string; meetingId: string; reminder: MeetingReminder; startsAt: string }
    >
  | OneOff<'schedule-reminder', { engagementId: string; meetingId: string }>
  | OneOff<'closing-week', { engagementId: string; meetingId: string; startsAt: string }>
  | OneOff<'session-check-in', { engagementId: string; meetingId: string; startsAt: string }>;

export type OneOffJobName = OneOffPlan['name'];
export const oneOffJobNames: readonly OneOffJobName[] = [
  'nudge-prompt',
  'resurface-prompt',
  'meeting-reminder',
  'schedule-reminder',
  'closing-week',
  'session-check-in',
];

/** How long before a coaching session the client's check-in question goes out. */
export const sessionCheckInLeadMs = 24 * 3600_000;

export interface EngagementPlan {
  engagementId: string;
  prompt: PromptSchedulePlan | null;
  oneOffs: OneOffPlan[];
}

export const promptScheduleId = (engagementId: string): string => `${engagementId}.prompt`;

export const oneOffId = (engagementId: string, kind: string, subjectId: string, offset: string): string =>
  `${engagementId}.${kind}.${subjectId}.${offset}`;

/** The engagement a planned job or schedule belongs to, read from its id; undefined for foreign ids. */
export function engagementOfJobId(id: string): string | undefined {
  const [first, ...rest] = id.split('.');
  return rest.length > 0 && first && /^[0-9a-f-]{36}$/i.test(first) ? first : undefined;
}

/**
 * How far ahead Redis holds an engagement's one-off jobs: those due within the horizon are queued, the rest stay
 * in the plan (PostgreSQL) until the horizon tick, every `tickMs`, finds them entering it. Six hours: Redis holds
 * a few hours of jobs instead of an engagement's whole calendar, and a tick that fails or is late (PostgreSQL
 * fail-over, a deploy, a stopped worker) for up to ~6 hours delays nothing, since what falls due meanwhile is in
 * Redis already. Ten minutes between ticks keeps each tick's window small (a handful of engagements) and far
 * inside the horizon.
 */
export const planningHorizon = { horizonMs: 6 * 3600_000, tickMs: 10 * 60_000 } as const;

/** How long before a meeting one of its jobs falls due: each reminder's lead and the session check-in's. */
export const meetingLeadsMs: readonly number[] = [
  ...new Set([...Object.values(reminderLeadMs), sessionCheckInLeadMs]),
];

/** Schedules that belong to no engagement. */
export const globalSchedules = {
  /** Daily retention purge of closed engagements past their retention period. */
  retentionPurge: { id: 'triad.retention-purge', pattern: '15 3 * * *', tz: 'UTC' },
  /** Re-enqueues outbox rows whose hand-over to the delivery queue was lost (crash between commit and enqueue). */
  outboxSweep: { id: 'triad.outbox-sweep', everyMs: 60_000 },
  /**
   * The minute's reflection prompts: one tick a minute issues every weekly prompt that fell due since the last
   * tick, as batches (a fixed id, so exactly one worker takes each minute's run).
   */
  promptTick: { id: 'triad.prompt-tick', pattern: '* * * * *', tz: 'UTC' },
  /**
   * The horizon tick (`planningHorizon`): every ten minutes it queues the one-off jobs that entered the horizon
   * since its last run (a fixed id, so exactly one worker takes each run).
   */
  horizonTick: { id: 'triad.horizon-tick', pattern: '*/10 * * * *', tz: 'UTC' },
  /**
   * The presence backfill: every five minutes, a few clients per workspace whose presence is not stored yet are
   * looked up (well under Slack's limits), so a first Monday asks the platform for almost none.
   */
  presenceFill: { id: 'triad.presence-fill', pattern: '2-59/5 * * * *', tz: 'UTC' },
  /** HR's weekly digest DMs: hourly, each HR person's is sent once on their day (see send-hr-digests). */
  hrDigest: { id: 'triad.hr-digest', pattern: '5 * * * *', tz: 'UTC' },
} as const;

/** The retention purge's schedule: daily at 03:15 UTC, or every `purgeEveryMs` when that is configured. */
export function retentionPurgeSchedule(purgeEveryMs?: number | null): GlobalSchedulePlan {
  const { id, pattern, tz } = globalSchedules.retentionPurge;
  return purgeEveryMs && purgeEveryMs > 0 ? { id, everyMs: purgeEveryMs } : { id, pattern, tz };
}
