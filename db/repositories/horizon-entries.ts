import { and, asc, gt, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { alias, union } from 'drizzle-orm/pg-core';
import type { HorizonWindow } from '../../src/ports/repositories.js';
import { liveStages } from '../../src/scheduling/plan-engagement.js';
import { meetingLeadsMs } from '../../src/scheduling/planned-jobs.js';
import type { TriadDatabase } from '../client.js';
import { engagements, meetings, reflectionPrompts as prompts } from '../schema/index.js';
import { isUuid } from './support.js';

const HOUR = 3600_000;
const WEEK = 7 * 24 * HOUR;
const ts = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;

/** `value` in (from, to] shifted by `shiftMs` (from null: no lower bound). */
function within(value: SQL | typeof meetings.startsAt, { from, to }: HorizonWindow, shiftMs = 0): SQL {
  const upper = sql`${value} <= ${ts(to.getTime() + shiftMs)}`;
  return from ? sql`(${value} > ${ts(from.getTime() + shiftMs)} and ${upper})` : upper;
}

/** Widens a window by `beforeMs` at its start and `afterMs` at its end. */
const widened = ({ from, to }: HorizonWindow, beforeMs: number, afterMs: number): HorizonWindow => ({
  from: from && new Date(from.getTime() - beforeMs),
  to: new Date(to.getTime() + afterMs),
});

/**
 * `engagements.listEnteringHorizon` on PostgreSQL: the union of three uncorrelated subqueries (each a range scan:
 * meetings by `(status, starts_at)`; scheduled closing meetings by `meetings_closing_scheduled` and unscheduled
 * ones joined with their engagement; pending prompts by `reflection_prompts_nudge_due` and
 * `reflection_prompts_snoozed_until`), whose few ids are then looked up among the live engagements by primary
 * key, in id order: no scan of every engagement.
 */
export async function listEnteringHorizon(
  db: TriadDatabase,
  window: HorizonWindow,
  afterId: string | undefined,
  limit: number,
): Promise<string[]> {
  if (afterId !== undefined && !isUuid(afterId)) return [];
  const e2 = alias(engagements, 'horizon_engagement');
  // A meeting's reminders and check-in: its start less each lead falls in the window.
  const reminded = db
    .select({ id: meetings.engagementId })
    .from(meetings)
    .where(
      and(
        sql`${meetings.status} = 'scheduled'`,
        or(...meetingLeadsMs.map((lead) => within(meetings.startsAt, window, lead))),
      ),
    );
  // The closing week: Monday 00:00 of the closing meeting's week in the engagement's zone (at most a week and a
  // clock change before the meeting starts).
  const weekStart = sql`(date_trunc('week', ${meetings.startsAt} at time zone ${e2.timeZone}) at time zone ${e2.timeZone})`;
  const raw = (offset: SQL) => sql`(${e2.startedAt} + (${offset}) * interval '1 second')`;
  const halfTime = sql`${e2.weeks} * 302400`;
  const scheduleDue = sql`case ${meetings.kind} when 'midpoint' then ${raw(halfTime)} else ${raw(
    sql`greatest(${halfTime}, ${e2.weeks} * 604800 - 1209600)`,
  )} end`;
  const byEngagement = db
    .select({ id: meetings.engagementId })
    .from(meetings)
    .innerJoin(e2, sql`${e2.id} = ${meetings.engagementId}`)
    .where(
      or(
        and(
          sql`${meetings.status} = 'scheduled' and ${meetings.kind} = 'closing'`,
          within(meetings.startsAt, widened(window, HOUR, WEEK + 2 * HOUR)),
          within(weekStart, widened(window, HOUR, HOUR)),
        ),
        and(
          sql`${meetings.status} = 'unscheduled' and ${meetings.kind} in ('midpoint', 'closing')`,
          within(scheduleDue, window),
        ),
      ),
    );
  const pending = db
    .select({ id: prompts.engagementId })
    .from(prompts)
    .where(
      or(
        and(
          sql`${prompts.status} = 'sent'`,
          isNull(prompts.nudgedAt),
          within(sql`${prompts.nudgeDueAt}`, window),
        ),
        and(sql`${prompts.status} = 'snoozed'`, within(sql`${prompts.snoozedUntil}`, window)),
      ),
    );
  const rows = await db
    .select({ id: engagements.id })
    .from(engagements)
    .where(
      and(
        inArray(engagements.stage, [...liveStages]),
        afterId === undefined ? undefined : gt(engagements.id, afterId),
        inArray(engagements.id, union(reminded, byEngagement, pending)),
      ),
    )
    .orderBy(asc(engagements.id))
    .limit(limit);
  return rows.map((row) => row.id);
}
