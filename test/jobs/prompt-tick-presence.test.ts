import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runPromptTickHere } from '../../jobs/prompt-tick.js';
import { triadKey } from '../../jobs/queues.js';
import { awayAmong } from '../../src/scheduling/prompt-when-present.js';
import { notePresence } from '../../src/use-cases/presence/note-presence.js';
import type { FakeSlack } from '../support/fake-slack/index.js';
import { engagementInCoaching } from './support/engagement-journey.js';
import { type JobRuntime, startJobRuntime } from './support/job-runtime.js';
import { aheadMinute, slotAt } from './support/prompt-slots.js';
import { fakeSlackPresence } from './support/slack-presence.js';

/**
 * The tick's away check against the fake Slack Web API: what Slack's events left in the database decides without
 * a call; a client never seen is looked up in bulk (`dnd.teamInfo`, 50 a call) and the answer is stored.
 */
let runtime: JobRuntime;
let fake: FakeSlack;
let presenceCalls: () => FakeSlack['calls'];

beforeAll(async () => {
  runtime = await startJobRuntime();
  ({ fake, presenceCalls } = await fakeSlackPresence(runtime));
});
afterEach(async () => {
  runtime.deps.clock.reset();
  fake.calls.length = 0;
  await runtime.queues.redis.del(triadKey(runtime.queues, 'prompt-tick', 'covered'));
});
afterAll(async () => {
  await fake.close();
  await runtime.close();
});

/** A client in coaching whose prompt falls due at `at`, known to the fake Slack workspace. */
async function dueClient(
  at: Date,
  slack: { profile?: Record<string, unknown>; dnd?: Record<string, unknown> } = {},
) {
  const engagement = await slotAt(runtime, await engagementInCoaching(runtime), at);
  const client = await runtime.deps.uow.read.people.get(engagement.clientId);
  if (!client) throw new Error('no client');
  fake.users.add({ id: client.platformUserId, name: client.displayName, ...slack });
  return { engagement, userId: client.platformUserId };
}

const promptsOf = (engagementId: string) => runtime.deps.uow.read.prompts.listByEngagement(engagementId);
const rowsOf = (userIds: readonly string[]) =>
  runtime.database.sql<Record<string, unknown>[]>`
    select * from presence_records where platform_user_id in ${runtime.database.sql(userIds)}`;

describe('the tick’s presence: stored from Slack’s events, looked up in bulk only when never seen', () => {
  it('holds an away client’s prompt from stored presence, without one presence call', async () => {
    const tickAt = aheadMinute(1);
    const away = await dueClient(tickAt);
    const here = await dueClient(tickAt);
    const seenAt = new Date(tickAt.getTime() - 3600_000);
    const dndOff = { enabled: false, startAt: null, endAt: null };
    // What user_status_changed and dnd_updated_user left (the listener derives these; see the Slack e2e test).
    for (const [who, statusAway] of [
      [away, true],
      [here, false],
    ] as const) {
      await notePresence(
        {
          platform: 'slack',
          tenantId: 'T1',
          platformUserId: who.userId,
          seenAt,
          status: { away: statusAway, expiresAt: null },
          dnd: dndOff,
        },
        runtime.deps,
      );
    }
    runtime.deps.clock.advanceTo(new Date(tickAt.getTime() + 2_000));

    const { parts: report } = await runPromptTickHere(runtime.queues, runtime.deps, tickAt);

    expect(report).toMatchObject({ issued: 1, away: 1 });
    expect(presenceCalls()).toEqual([]);
    expect(await promptsOf(away.engagement.id)).toEqual([]);
    expect(await promptsOf(here.engagement.id)).toHaveLength(1);
  });

  it('looks a client never seen up in bulk (one dnd.teamInfo for all), stores it, and asks nothing next time', async () => {
    const tickAt = aheadMinute(2);
    const now = Math.floor((tickAt.getTime() + 2_000) / 1000);
    const canary = `CANARY-${Date.now()}`;
    const here = await dueClient(tickAt);
    const beach = await dueClient(tickAt, {
      profile: {
        status_text: `On vacation ${canary}`,
        status_emoji: ':palm_tree:',
        status_expiration: now + 86_400,
      },
    });
    const night = await dueClient(tickAt, {
      dnd: { dnd_enabled: true, next_dnd_start_ts: now - 60, next_dnd_end_ts: now + 3600 },
    });
    const back = await dueClient(tickAt, {
      profile: { status_text: 'Vacation', status_emoji: ':palm_tree:', status_expiration: now - 60 },
    });
    runtime.deps.clock.advanceTo(new Date(tickAt.getTime() + 2_000));

    const { parts: report } = await runPromptTickHere(runtime.queues, runtime.deps, tickAt);

    expect(report).toMatchObject({ issued: 2, away: 2 });
    const teamInfo = fake.callsTo('dnd.teamInfo');
    expect(teamInfo).toHaveLength(1);
    expect(String(teamInfo[0]?.args.users).split(',').sort()).toEqual(
      [here.userId, beach.userId, night.userId, back.userId].sort(),
    );
    // The status only of those Do Not Disturb did not show away; no dnd.info one by one.
    expect(
      fake
        .callsTo('users.profile.get')
        .map((c) => c.args.user)
        .sort(),
    ).toEqual([here.userId, beach.userId, back.userId].sort());
    expect(fake.callsTo('dnd.info')).toEqual([]);
    expect(await promptsOf(here.engagement.id)).toHaveLength(1);
    // An expired vacation status counts as present.
    expect(await promptsOf(back.engagement.id)).toHaveLength(1);
    expect(await promptsOf(beach.engagement.id)).toEqual([]);
    expect(await promptsOf(night.engagement.id)).toEqual([]);

    const rows = await rowsOf([here.userId, beach.userId, night.userId, back.userId]);
    expect(rows).toHaveLength(4);
    const beachRow = rows.find((row) => row.platform_user_id === beach.userId);
    expect(beachRow).toMatchObject({ status_away: true, dnd_enabled: false });
    expect(beachRow?.status_expires_at).toEqual(new Date((now + 86_400) * 1000));
    expect(rows.find((row) => row.platform_user_id === night.userId)).toMatchObject({
      dnd_enabled: true,
      status_seen_at: null,
    });
    // Ids, times and booleans only: the status text is in no row and no log line.
    expect(JSON.stringify(rows)).not.toMatch(/vacation|CANARY|palm_tree/i);
    expect(runtime.logLines.join('\n')).not.toContain(canary);

    // The tick's check again for the same clients: all is known (the night client's Do Not Disturb says away,
    // so their status is not needed), nothing is asked.
    fake.calls.length = 0;
    const page = await runtime.deps.uow.read.engagements.listPromptDue(
      [
        {
          timeZone: here.engagement.timeZone,
          weekday: here.engagement.promptWeekday,
          time: here.engagement.promptTime,
          dueAt: tickAt,
          cycle: 'next',
        },
      ],
      undefined,
      500,
    );
    const again = await awayAmong(page, runtime.deps);
    expect([...again.keys()].sort()).toEqual([beach.engagement.id, night.engagement.id].sort());
    expect(fake.callsTo('dnd.teamInfo')).toEqual([]);
    expect(fake.callsTo('users.profile.get').map((c) => c.args.user)).toEqual([]);
  });
});
