import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFromDatabase } from '../../jobs/bullmq-scheduler.js';
import { reconcile } from '../../jobs/reconcile.js';
import { planningHorizon } from '../../src/scheduling/planned-jobs.js';
import { scheduleMeeting } from '../../src/use-cases/meetings/schedule-meeting.js';
import { type PrivateRedis, startPrivateRedis } from '../support/services/index.js';
import { engagementInCoaching, hrActor, inHours, meetingOf } from './support/engagement-journey.js';
import { type JobRuntime, startJobRuntime } from './support/job-runtime.js';
import { horizonFrom, plannedSnapshot, scheduledInRedis } from './support/redis-snapshot.js';

/** This file loses all of Redis's data, so it runs on a Redis of its own, never the shared test server. */
let server: PrivateRedis;
let runtime: JobRuntime;
beforeAll(async () => {
  server = await startPrivateRedis();
  runtime = await startJobRuntime({ redisUrl: server.url });
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

describe('losing Redis', () => {
  it('loses nothing: reconciliation restores every job due within the horizon (and only those), compared one by one with the database', async () => {
    const engagements = [
      await engagementInCoaching(runtime, { clientZone: 'America/New_York' }),
      await engagementInCoaching(runtime, { clientZone: 'Europe/London' }),
      await engagementInCoaching(runtime, { clientZone: 'Asia/Kolkata' }),
    ];
    for (const [index, engagement] of engagements.entries()) {
      const closing = await meetingOf(runtime, engagement.id, 'closing');
      // 3, 27 and 51 hours out: each has one reminder within the six-hour horizon (the 1-, 24- and 48-hour one).
      const localDateTime = inHours(3 + index * 24);
      await scheduleMeeting({ actor: hrActor, meetingId: closing.id, localDateTime }, runtime.deps);
    }
    const pending = await runtime.deps.uow.read.outbox.listDue(new Date(), 1000);
    const before = await scheduledInRedis(runtime.queues);

    await server.restart({ empty: true });
    const lost = await scheduledInRedis(runtime.queues);
    const report = await reconcile(runtime.queues, schedulerDeps());
    const after = await scheduledInRedis(runtime.queues);

    expect(lost).toEqual({ schedulers: [], jobs: [] });
    // Weekly prompts are the minute's tick's (a global schedule): no scheduler per engagement.
    expect(before.schedulers).toHaveLength(0);
    // One reminder each within the horizon; the others (the 1- and 24-hour reminders of the meetings further out)
    // stay in the plan. Which closing-week jobs are planned depends on today's weekday.
    const plans = await Promise.all(engagements.map((e) => planFromDatabase(schedulerDeps(), e.id)));
    const reminders = (snapshot: typeof before) =>
      snapshot.jobs.filter((job) => job.id.includes('.meeting.'));
    expect(
      reminders(before)
        .map((job) => job.id.split('.').at(-1))
        .sort(),
    ).toEqual(['prepare-48h', 'sponsor-1h', 'sponsor-24h']);
    expect(reminders(plannedSnapshot(plans))).toHaveLength(6);
    expect(after).toEqual(before);
    expect(after).toEqual(plannedSnapshot(plans, horizonFrom(runtime.deps.clock.now())));
    expect(after.jobs.length).toBeLessThan(plannedSnapshot(plans).jobs.length);
    expect(Date.parse(report.horizon)).toBeGreaterThanOrEqual(
      Date.now() + planningHorizon.horizonMs - 60_000,
    );
    expect(report).toMatchObject({
      engagements: 3,
      jobsAdded: after.jobs.length,
      outboxRequeued: pending.length,
    });
    const queued = await runtime.queues.delivery.getJobs(['waiting', 'prioritized'], 0, -1);
    expect(queued.map((job) => job.id).sort()).toEqual(pending.map((entry) => entry.id).sort());
    expect(await runtime.queues.schedule.getJobScheduler('triad.outbox-sweep')).toMatchObject({
      every: 60_000,
    });
    expect(await runtime.queues.schedule.getJobScheduler('triad.retention-purge')).toMatchObject({
      pattern: '15 3 * * *',
      tz: 'UTC',
    });
  });

  it('is repaired by the next reconciliation only as far as needed: a second run changes nothing', async () => {
    const before = await scheduledInRedis(runtime.queues);
    const report = await reconcile(runtime.queues, schedulerDeps());
    expect(report).toMatchObject({
      schedulersUpserted: 0,
      schedulersRemoved: 0,
      jobsAdded: 0,
      jobsRemoved: 0,
    });
    expect(await scheduledInRedis(runtime.queues)).toEqual(before);
  });
});
