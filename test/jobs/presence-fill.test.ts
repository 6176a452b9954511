import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPresenceFill } from '../../jobs/presence-fill.js';
import { runPromptTickHere } from '../../jobs/prompt-tick.js';
import { triadKey } from '../../jobs/queues.js';
import type { Engagement } from '../../src/engagement/records.js';
import type { FakeSlack } from '../support/fake-slack/index.js';
import { engagementInCoaching } from './support/engagement-journey.js';
import { type JobRuntime, startJobRuntime } from './support/job-runtime.js';
import { fakeSlackPresence } from './support/slack-presence.js';

/**
 * The presence backfill for engagements already running when presence began to be learned at the start (or whose
 * start lookup failed): a paced pass every five minutes stores their clients' presence, so the next Monday's tick
 * asks Slack nothing for them. Real PostgreSQL and Redis, the fake Slack Web API.
 */
let runtime: JobRuntime;
let fake: FakeSlack;
let presenceCalls: () => FakeSlack['calls'];

beforeAll(async () => {
  runtime = await startJobRuntime();
  ({ fake, presenceCalls } = await fakeSlackPresence(runtime));
});
afterAll(async () => {
  await fake.close();
  await runtime.close();
});

/** An engagement that was running before its client's presence was learned: its start job never ran. */
async function running(): Promise<{ engagement: Engagement; userId: string }> {
  const engagement = await engagementInCoaching(runtime);
  await runtime.queues.schedule.remove(`presence.${engagement.id}`);
  const client = await runtime.deps.uow.read.people.get(engagement.clientId);
  if (!client) throw new Error('no client');
  fake.users.add({ id: client.platformUserId, name: client.displayName });
  return { engagement, userId: client.platformUserId };
}

const storedOf = async (userIds: readonly string[]) =>
  (
    await runtime.database.sql<{ platform_user_id: string }[]>`
      select platform_user_id from presence_records
      where platform_user_id in ${runtime.database.sql(userIds)}
        and status_seen_at is not null and dnd_seen_at is not null`
  )
    .map((row) => row.platform_user_id)
    .sort();

describe('the presence backfill', () => {
  it('fills running engagements’ clients a few per workspace a pass, goes on where it stopped, and asks nothing twice', async () => {
    const clients = [await running(), await running(), await running()];
    const userIds = clients.map((one) => one.userId).sort();
    const pace = { perOrganisation: 2, perPass: 10 };
    expect(presenceCalls()).toEqual([]);

    const first = await runPresenceFill(runtime.queues, runtime.deps, pace);
    expect(first).toMatchObject({ outcome: 'done', missing: 2, asked: 2, stored: 2 });
    // In bulk: one dnd.teamInfo for both, one users.profile.get each.
    expect(fake.callsTo('dnd.teamInfo')).toHaveLength(1);
    expect(fake.callsTo('users.profile.get')).toHaveLength(2);
    expect(await storedOf(userIds)).toHaveLength(2);

    const second = await runPresenceFill(runtime.queues, runtime.deps, pace);
    expect(second).toMatchObject({
      outcome: 'done',
      missing: 1,
      asked: 1,
      stored: 1,
      nextAfterId: undefined,
    });
    expect(await storedOf(userIds)).toEqual(userIds);

    // The end was reached: the next passes rest (six hours), and once they start over nothing is asked again.
    fake.calls.length = 0;
    expect(await runPresenceFill(runtime.queues, runtime.deps, pace)).toEqual({ outcome: 'resting' });
    await runtime.queues.redis.del(triadKey(runtime.queues, 'presence-fill', 'resting'));
    expect(await runPresenceFill(runtime.queues, runtime.deps, pace)).toMatchObject({
      outcome: 'done',
      missing: 0,
      asked: 0,
    });
    expect(presenceCalls()).toEqual([]);

    // Their next Monday: every prompt goes out, and Slack is asked nothing.
    const tickAt = new Date(Date.now() + 24 * 3600_000);
    tickAt.setUTCSeconds(0, 0);
    for (const { engagement } of clients) {
      const local = DateTime.fromJSDate(tickAt, { zone: engagement.timeZone });
      const current = await runtime.deps.uow.read.engagements.get(engagement.id);
      if (!current) throw new Error('no engagement');
      await runtime.deps.uow.transaction((repos) =>
        repos.engagements.update({
          ...current,
          promptWeekday: local.weekday % 7,
          promptTime: local.toFormat('HH:mm'),
          version: current.version + 1,
        }),
      );
    }
    runtime.deps.clock.advanceTo(new Date(tickAt.getTime() + 2_000));
    const { parts } = await runPromptTickHere(runtime.queues, runtime.deps, tickAt);
    expect(parts).toMatchObject({ issued: 3, away: 0 });
    expect(presenceCalls()).toEqual([]);
    runtime.deps.clock.reset();
  });

  it('a pass whose lookup fails stores nothing and leaves the client to a later pass; one pass runs at a time', async () => {
    await runtime.queues.redis.del(triadKey(runtime.queues, 'presence-fill', 'resting'));
    const { userId } = await running();
    fake.setFault({ method: 'dnd.info', respond: { error: 'internal_error' } });
    const failed = await runPresenceFill(runtime.queues, runtime.deps);
    expect(failed).toMatchObject({ outcome: 'done', missing: 1, stored: 0 });
    expect(await storedOf([userId])).toEqual([]);
    fake.clearFaults();
    await runtime.queues.redis.del(triadKey(runtime.queues, 'presence-fill', 'resting'));

    const lock = triadKey(runtime.queues, 'presence-fill', 'running');
    await runtime.queues.redis.set(lock, 'another', 'PX', 60_000);
    expect(await runPresenceFill(runtime.queues, runtime.deps)).toEqual({ outcome: 'busy' });
    await runtime.queues.redis.del(lock);

    expect(await runPresenceFill(runtime.queues, runtime.deps)).toMatchObject({ missing: 1, stored: 1 });
    expect(await storedOf([userId])).toEqual([userId]);
  });

  it('a client Slack no longer knows does not keep the others of their bulk lookup from being learned', async () => {
    await runtime.queues.redis.del(triadKey(runtime.queues, 'presence-fill', 'resting'));
    const known = [await running(), await running()];
    // A deactivated account: the fake Slack answers `user_not_found`, which fails a whole dnd.teamInfo call.
    const gone = await engagementInCoaching(runtime);
    await runtime.queues.schedule.remove(`presence.${gone.id}`);
    fake.calls.length = 0;

    expect(await runPresenceFill(runtime.queues, runtime.deps)).toMatchObject({ missing: 3, stored: 2 });
    expect(fake.callsTo('dnd.teamInfo')).toHaveLength(1);
    const userIds = known.map((one) => one.userId).sort();
    expect(await storedOf(userIds)).toEqual(userIds);
  });
});
