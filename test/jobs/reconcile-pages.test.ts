import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFromDatabase } from '../../jobs/bullmq-scheduler.js';
import { jobIndexKey } from '../../jobs/plan-sync.js';
import { triadKey } from '../../jobs/queues.js';
import { reconcile } from '../../jobs/reconcile.js';
import type { Engagement } from '../../src/engagement/records.js';
import { scheduleMeeting } from '../../src/use-cases/meetings/schedule-meeting.js';
import { type PrivateRedis, startPrivateRedis } from '../support/services/index.js';
import { engagementInCoaching, hrActor, inHours, meetingOf } from './support/engagement-journey.js';
import { type JobRuntime, startJobRuntime } from './support/job-runtime.js';
import { horizonFrom, plannedSnapshot, scheduledInRedis } from './support/redis-snapshot.js';

/** This file wipes Redis, so it runs on a Redis of its own, never the shared test server. */
let server: PrivateRedis;
let runtime: JobRuntime;
let engagements: Engagement[];
beforeAll(async () => {
  server = await startPrivateRedis();
  runtime = await startJobRuntime({ redisUrl: server.url });
  engagements = [];
  for (let n = 0; n < 5; n += 1) {
    const engagement = await engagementInCoaching(runtime);
    const closing = await meetingOf(runtime, engagement.id, 'closing');
    await scheduleMeeting(
      // Two to six hours out: the one-hour reminders are within the horizon, the others passed.
      { actor: hrActor, meetingId: closing.id, localDateTime: inHours(2 + n) },
      runtime.deps,
    );
    engagements.push(engagement);
  }
});
afterAll(async () => {
  await runtime.close();
  await server.stop();
});

const schedulerDeps = () => ({
  uow: runtime.deps.uow,
  clock: runtime.deps.clock,
  logger: runtime.deps.logger,
});
const planned = async () =>
  plannedSnapshot(
    await Promise.all(engagements.map((e) => planFromDatabase(schedulerDeps(), e.id))),
    horizonFrom(runtime.deps.clock.now()),
  );
const lockKey = (engagementId: string) => triadKey(runtime.queues, 'sync-lock', engagementId);

async function syncLocksLeft(): Promise<string[]> {
  return runtime.queues.redis.keys(`${triadKey(runtime.queues, 'sync-lock')}:*`);
}

describe('reconciling page by page', () => {
  it('rebuilds a wiped Redis across pages, waiting for an engagement whose sync a use case holds', async () => {
    await runtime.queues.redis.flushall();
    const busy = engagements[2] as Engagement;
    // A use case is syncing this engagement right now: reconciliation must not write under its lock.
    await runtime.queues.redis.set(lockKey(busy.id), 'use-case', 'PX', 30_000);
    let scheduledWhileLocked: boolean | undefined;
    setTimeout(async () => {
      scheduledWhileLocked = (await runtime.queues.redis.exists(jobIndexKey(runtime.queues, busy.id))) === 1;
      await runtime.queues.redis.del(lockKey(busy.id));
    }, 200);

    const report = await reconcile(runtime.queues, schedulerDeps(), { pageSize: 2, inFlight: 2 });

    expect(scheduledWhileLocked).toBe(false);
    const after = await scheduledInRedis(runtime.queues);
    expect(after).toEqual(await planned());
    // Weekly prompts are the minute's tick's: no scheduler per engagement.
    expect(after.schedulers).toHaveLength(0);
    expect(after.jobs.length).toBeGreaterThanOrEqual(5);
    expect(report).toMatchObject({
      engagements: 5,
      schedulersUpserted: 6, // the global schedules (purge, HR digest, prompt tick, horizon tick, presence backfill, outbox sweep)
      jobsAdded: after.jobs.length,
      jobsRemoved: 0,
    });
    for (const engagement of engagements) {
      const jobs = after.jobs.filter((job) => job.id.startsWith(engagement.id)).map((job) => job.id);
      expect(
        (await runtime.queues.redis.smembers(jobIndexKey(runtime.queues, engagement.id))).sort(),
      ).toEqual(jobs.sort());
    }
    expect(await syncLocksLeft()).toEqual([]);
  });

  it('checks each job of an engagement whose index was lost (Redis not wiped)', async () => {
    const [first, second] = engagements as [Engagement, Engagement];
    const before = await scheduledInRedis(runtime.queues);
    const moved = before.jobs.find((job) => job.id.startsWith(first.id));
    const dropped = before.jobs.find((job) => job.id.startsWith(second.id));
    if (!moved || !dropped) throw new Error('the engagements have no one-off jobs');
    // One job moved by a day, the index of its engagement lost; another job gone.
    await runtime.queues.schedule.remove(moved.id);
    await runtime.queues.schedule.add(moved.name, moved.data, {
      jobId: moved.id,
      delay: new Date(moved.runAt).getTime() + 24 * 3600_000 - Date.now(),
    });
    await runtime.queues.redis.del(jobIndexKey(runtime.queues, first.id));
    await runtime.queues.schedule.remove(dropped.id);

    const report = await reconcile(runtime.queues, schedulerDeps(), { pageSize: 2, inFlight: 2 });

    expect(await scheduledInRedis(runtime.queues)).toEqual(before);
    expect(report).toMatchObject({ schedulersUpserted: 0, jobsRemoved: 1, jobsAdded: 2 });
    expect(await syncLocksLeft()).toEqual([]);
  });

  it('changes nothing when Redis is already in step', async () => {
    const before = await scheduledInRedis(runtime.queues);
    const report = await reconcile(runtime.queues, schedulerDeps(), { pageSize: 2, inFlight: 2 });
    expect(report).toMatchObject({
      engagements: 5,
      schedulersUpserted: 0,
      schedulersRemoved: 0,
      jobsAdded: 0,
      jobsRemoved: 0,
      jobsKept: before.jobs.length,
    });
    expect(await scheduledInRedis(runtime.queues)).toEqual(before);
  });
});
