import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../db/migrate.js';
import { type SlackHarness, startSlackHarness } from '../e2e/slack/slack-harness.js';
import { type PrivatePostgres, startPrivatePostgres } from '../support/services/index.js';
import { slashCommandBody } from '../support/slack-signing.js';
import { type RowCounts, rowCounts, stateTables } from './support/row-counts.js';

/**
 * The app's PostgreSQL (a private server this file starts, never the shared one) is stopped in the middle of
 * `/coaching start`, while the command's transaction has written half its rows: the person is told nothing was
 * saved, no row of that transaction exists when the server is back, and the same app process — not restarted —
 * starts the engagement on the next try.
 */
const HR = 'U0HR000001';
const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const COACH = 'U0COACH001';
const START = `start client:<@${CLIENT}> sponsor:<@${SPONSOR}> coach:<@${COACH}>`;
const NOTHING_SAVED = 'Nothing was saved';

let pg: PrivatePostgres;
let h: SlackHarness;
let appUrl: string;
/** Our own view of the app's database (reconnects by itself after the restart). */
let sql: postgres.Sql;

beforeAll(async () => {
  pg = await startPrivatePostgres();
  const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
  await admin`create database triad_outage`;
  await admin.end();
  const url = new URL(pg.url);
  url.pathname = '/triad_outage';
  appUrl = url.toString();
  await migrateDatabase(appUrl);
  sql = postgres(appUrl, { max: 2, onnotice: () => {} });
  h = await startSlackHarness({
    appDatabaseUrl: appUrl,
    users: [
      { id: HR, name: 'harper', tz: 'Europe/London' },
      { id: CLIENT, name: 'jane', tz: 'Europe/London' },
      { id: SPONSOR, name: 'sam', tz: 'America/New_York' },
      { id: COACH, name: 'kim', tz: 'Asia/Tokyo' },
    ],
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await sql?.end({ timeout: 1 });
  await pg?.stop();
});

const empty = Object.fromEntries(stateTables.map((table) => [table, 0])) as RowCounts;
const replies = (key: string) => JSON.stringify(h.sink.postsTo(key).map((post) => post.body));

/** Waits until a statement of the app is blocked on a lock (its transaction is open, rows half written). */
async function blockedStatement(admin: postgres.Sql, like: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    const [row] = await admin<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where wait_event_type = 'Lock' and query ilike ${like}`;
    if ((row?.n ?? 0) > 0) return;
    await sleep(20);
  }
  throw new Error(`no statement like ${like} waited on a lock`);
}

describe('PostgreSQL stopped in the middle of a command', () => {
  it('answers "nothing was saved", leaves no partial rows, and works again without a restart', {
    timeout: 120_000,
  }, async () => {
    expect(await rowCounts(sql)).toEqual(empty);
    // Hold the meetings table: the start transaction writes the organisation, people, engagement and spaces,
    // then waits at its first meeting.
    const locker = postgres(appUrl, { max: 1, onnotice: () => {} });
    const watcher = postgres(appUrl, { max: 1, onnotice: () => {} });
    let locked: () => void = () => {};
    const lockTaken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holding = locker.begin(async (tx) => {
      await tx`lock table meetings in access exclusive mode`;
      locked();
      await sleep(30_000, undefined, { ref: false });
    });
    holding.catch(() => undefined);
    await lockTaken;
    const key = 'mid-command';
    const command = h.post(
      slashCommandBody({ command: '/coaching', text: START, user_id: HR, response_url: h.sink.urlFor(key) }),
    );
    await blockedStatement(watcher, 'insert into "meetings"%');

    // What was committed before is durable (a production server commits synchronously; this one does not, so
    // its log is written out first), then the server dies as in a crash, mid-transaction.
    await watcher`checkpoint`;
    await watcher.end({ timeout: 1 });
    await pg.stopKeepingData({ immediate: true });
    const response = await command;
    await locker.end({ timeout: 1 }).catch(() => undefined);

    expect(response.status).toBe(200);
    expect(replies(key)).toContain(NOTHING_SAVED);
    expect(h.sink.postsTo(key)).toHaveLength(1);

    await pg.start();
    expect(await rowCounts(sql)).toEqual(empty);

    // The same app process, the same pool: the next try starts the engagement, once.
    const again = await h.command(HR, START);
    expect(JSON.stringify(again.replies)).toContain('started for jane');
    const rows = await rowCounts(sql);
    expect(rows).toMatchObject({ organisations: 1, engagements: 1, spaces: 3, meetings: 4 });
    expect(rows.outbox).toBeGreaterThan(0);
  });

  it('answers every request made while it is down: nothing hangs, nothing is saved', {
    timeout: 120_000,
  }, async () => {
    const before = await rowCounts(sql);
    // A fast shutdown: sessions are cut as in an outage, but the test server's unflushed commits (it runs
    // with synchronous_commit off) are written first, as a production server's always are.
    await pg.stopKeepingData();
    try {
      for (const text of ['list', `status <@${CLIENT}>`, `pause <@${CLIENT}>`, START]) {
        const { status, replies: answered } = await h.command(HR, text);
        expect(status).toBe(200);
        expect(answered).toHaveLength(1);
        expect(JSON.stringify(answered)).toContain(NOTHING_SAVED);
      }
      const home = await h.event({ type: 'app_home_opened', user: CLIENT, channel: 'D0HOME', tab: 'home' });
      expect(home.status).toBe(200);
      expect(JSON.stringify(h.fake.homeViewOf(CLIENT)?.blocks)).toContain(NOTHING_SAVED);
    } finally {
      await pg.start();
    }
    expect(await rowCounts(sql)).toEqual(before);

    // The very first command after the outage is answered within Slack's window: the app reconnects at once
    // instead of waiting out a reconnect backoff that had grown during the outage.
    const paused = await h.command(HR, `pause <@${CLIENT}>`);
    expect(JSON.stringify(paused.replies)).toContain('paused');
    const [row] = await sql<{ stage: string }[]>`select stage from engagements`;
    expect(row?.stage).toBe('paused');
  });
});
