import type { DateTime } from 'luxon';
import postgres from 'postgres';
import { benchUserId } from '../lib/bench-users.js';

/**
 * Seeds `engagements` active engagements (coaching stage, weekly, 12 weeks, started three weeks ago) with
 * set-based `INSERT … SELECT … FROM generate_series` statements: organisations (one per Slack workspace), people,
 * engagements, their three spaces, their meetings, their clients' stored presence (unless `presenceStored` is
 * false) and, for the due ones, last week's open prompt. Ids are
 * derived from the row's number (`bench_uuid(…)`), so the statements need no data from this process.
 *
 * Engagements 0 … due − 1 are the due group: zone `dueZone`, their prompt slot set later by `setDueSlot`
 * (so the due minute can be chosen once the worker is ready). The others are spread over `otherZones` with a
 * slot at 03:17 local on a weekday, which the due minute is checked not to hit.
 */
export interface ScaleSeed {
  databaseUrl: string;
  engagements: number;
  due: number;
  workspaces: number;
  dueZone: string;
  otherZones: readonly string[];
  /** Meetings per engagement besides the held kick-off and alignment: `all` = next session, mid-point, closing. */
  meetings: 'all' | 'session' | 'none';
  startedAt: Date;
  /**
   * Whether every client's presence is stored (`presence_records`), as production has it once engagements are
   * started with their presence learned, or filled by the backfill, and kept by Slack's events; false: a first
   * Monday after an upgrade without the backfill, every client looked up by the tick.
   */
  presenceStored: boolean;
}

/** Local time of the other engagements' prompts: a minute no due minute of the run is allowed to be. */
export const OTHER_PROMPT_TIME = '03:17';
export const clientOf = (n: number) => benchUserId(1 + n);
export const hrUserId = benchUserId(0);
export const tenantOf = (w: number) => `TSCALE${String(w).padStart(5, '0')}`;

export async function seedScale(options: ScaleSeed): Promise<void> {
  const sql = postgres(options.databaseUrl, { max: 1, onnotice: () => {} });
  const n = options.engagements;
  const w = options.workspaces;
  const zones = `array[${options.otherZones.map((z) => `'${z.replace(/'/g, '')}'`).join(',')}]::text[]`;
  const started = `'${options.startedAt.toISOString()}'::timestamptz`;
  const now = `'${new Date().toISOString()}'::timestamptz`;
  try {
    // A v4-shaped uuid from a row's name (the schemas check the version and variant digits).
    await sql.unsafe(`
      create or replace function bench_uuid(name text) returns uuid language sql immutable as $$
        select overlay(overlay(md5(name) placing '4' from 13) placing '8' from 17)::uuid $$`);
    await sql.unsafe(`
      insert into organisations (id, platform, platform_tenant_id, name, created_at)
      select bench_uuid('o' || g), 'slack', 'TSCALE' || lpad(g::text, 5, '0'), 'Scale workspace ' || g, ${now}
      from generate_series(0, ${w - 1}) g`);
    // HR (benchUserId(0)) in every organisation, 20 sponsors and 10 coaches per organisation, one client per engagement.
    await sql.unsafe(`
      insert into people (id, organisation_id, platform_user_id, display_name, time_zone, created_at, updated_at)
      select bench_uuid('h' || g), bench_uuid('o' || g), '${hrUserId}', 'hr', 'Europe/London', ${now}, ${now}
      from generate_series(0, ${w - 1}) g
      union all
      select bench_uuid('s' || g), bench_uuid('o' || (g % ${w})), 'USCALES' || lpad(g::text, 7, '0'), 'sponsor ' || g,
        'Europe/London', ${now}, ${now}
      from generate_series(0, ${w * 20 - 1}) g
      union all
      select bench_uuid('k' || g), bench_uuid('o' || (g % ${w})), 'USCALEK' || lpad(g::text, 7, '0'), 'coach ' || g,
        'Europe/London', ${now}, ${now}
      from generate_series(0, ${w * 10 - 1}) g`);
    await sql.unsafe(`
      insert into people (id, organisation_id, platform_user_id, display_name, time_zone, created_at, updated_at)
      select bench_uuid('c' || g), bench_uuid('o' || (g % ${w})), 'UBENCH' || lpad((g + 1)::text, 6, '0'), 'client ' || g,
        'Europe/London', ${now}, ${now}
      from generate_series(0, ${n - 1}) g`);
    // Engagement g belongs to organisation g % w; its sponsor and coach are that organisation's.
    await sql.unsafe(`
      insert into engagements (id, organisation_id, client_id, sponsor_id, coach_id, coach_shortlist, started_by_id,
        stage, weeks, cadence, prompt_weekday, prompt_time, time_zone, started_at, updated_at)
      select bench_uuid('e' || g), bench_uuid('o' || (g % ${w})), bench_uuid('c' || g),
        bench_uuid('s' || ((g / ${w}) % 20 * ${w} + g % ${w})),
        bench_uuid('k' || ((g / ${w}) % 10 * ${w} + g % ${w})),
        array[bench_uuid('k' || ((g / ${w}) % 10 * ${w} + g % ${w}))], bench_uuid('h' || (g % ${w})),
        'coaching', 12, 'weekly',
        case when g < ${options.due} then 7 else 1 + g % 5 end,
        case when g < ${options.due} then '00:00' else '${OTHER_PROMPT_TIME}' end,
        case when g < ${options.due} then '${options.dueZone}' else (${zones})[1 + g % ${options.otherZones.length}] end,
        ${started}, ${now}
      from generate_series(0, ${n - 1}) g`);
    await sql.unsafe(`
      insert into spaces (id, engagement_id, kind, platform, address, created_at)
      select bench_uuid('p' || g || k), bench_uuid('e' || g), k, 'slack',
        case when k = 'client_dm' then jsonb_build_object('channel', 'UBENCH' || lpad((g + 1)::text, 6, '0')) end,
        ${now}
      from generate_series(0, ${n - 1}) g, unnest(array['client_dm', 'coaching', 'sponsor']) k`);
    await sql.unsafe(`
      insert into meetings (id, engagement_id, kind, status, starts_at, duration_minutes, organiser_id, organiser_zone,
        held_at, created_at, updated_at)
      select bench_uuid('m' || g || k), bench_uuid('e' || g), k, 'held', null, 60, null, null, ${started}, ${now}, ${now}
      from generate_series(0, ${n - 1}) g, unnest(array['kickoff', 'alignment']) k`);
    if (options.meetings !== 'none') {
      const kinds = options.meetings === 'all' ? `'session', 'midpoint', 'closing'` : `'session'`;
      // Future meetings a second apart per engagement, days ahead: their reminders are what Redis holds.
      await sql.unsafe(`
        insert into meetings (id, engagement_id, kind, status, starts_at, duration_minutes, organiser_id, organiser_zone,
          held_at, created_at, updated_at)
        select bench_uuid('m' || g || k), bench_uuid('e' || g), k, 'scheduled',
          now() + (case k when 'session' then interval '5 days' when 'midpoint' then interval '20 days'
            else interval '60 days' end) + g * interval '1 second',
          60, bench_uuid('k' || ((g / ${w}) % 10 * ${w} + g % ${w})),
          case when g < ${options.due} then '${options.dueZone}' else (${zones})[1 + g % ${options.otherZones.length}] end,
          null, ${now}, ${now}
        from generate_series(0, ${n - 1}) g, unnest(array[${kinds}]) k`);
    }
    if (options.presenceStored) {
      // Present, no Do Not Disturb: what a start's lookup or the backfill stores (ids, times, booleans).
      await sql.unsafe(`
        insert into presence_records (id, organisation_id, platform_user_id, status_away, status_expires_at,
          status_seen_at, dnd_enabled, dnd_start_at, dnd_end_at, dnd_seen_at)
        select bench_uuid('pr' || g), bench_uuid('o' || (g % ${w})), 'UBENCH' || lpad((g + 1)::text, 6, '0'),
          false, null, ${started}, false, null, null, ${started}
        from generate_series(0, ${n - 1}) g`);
    }
    await sql.unsafe('analyze');
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Moves the due group's weekly slot to `dueAt` (a minute, in `dueZone`) and gives each of them last week's
 * prompt, still open (it expires when this one is issued). Checks that no other engagement falls due then.
 */
export async function setDueSlot(
  databaseUrl: string,
  options: Pick<ScaleSeed, 'due' | 'dueZone' | 'otherZones'>,
  dueAt: DateTime,
): Promise<void> {
  for (const zone of options.otherZones) {
    if (dueAt.setZone(zone).toFormat('HH:mm') === OTHER_PROMPT_TIME)
      throw new Error(`the due minute is ${OTHER_PROMPT_TIME} in ${zone}: pick another`);
  }
  const local = dueAt.setZone(options.dueZone);
  const lastWeek = local.minus({ weeks: 1 });
  const cycle = `${lastWeek.weekYear}-W${String(lastWeek.weekNumber).padStart(2, '0')}`;
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`
      update engagements set prompt_weekday = ${local.weekday}, prompt_time = '${local.toFormat('HH:mm')}'
      where id in (select bench_uuid('e' || g) from generate_series(0, ${options.due - 1}) g)`);
    await sql.unsafe(`
      insert into reflection_prompts (id, engagement_id, question_id, category, cycle, status, sent_at, expires_at)
      select bench_uuid('r' || g), bench_uuid('e' || g), 'st-01', 'starting', '${cycle}', 'sent',
        '${lastWeek.toUTC().toISO()}', '${dueAt.toUTC().toISO()}'
      from generate_series(0, ${options.due - 1}) g
      on conflict do nothing`);
    await sql.unsafe('analyze engagements');
  } finally {
    await sql.end({ timeout: 5 });
  }
}
