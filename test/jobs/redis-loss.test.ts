import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFromDatabase } from '../../jobs/bullmq-scheduler.js';
import { reconcile } from '../../jobs/reconcile.js';
import { scheduleMeeting } from '../../src/use-cases/meetings/schedule-meeting.js';
import { type PrivateRedis, startPrivateRedis } from '../support/services/index.js';
import { engagementInCoaching, hrActor, inHours, meetingOf } from './support/engagement-journey.js';
import { type JobRuntime, startJobRuntime } from './support/job-runtime.js';
import { plannedSnapshot, scheduledInRedis } from './support/redis-snapshot.js';

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
  it('loses nothing: reconciliation restores every future job, compared one by one with the database', async () => {
    const engagements = [
      await engagementInCoaching(runtime, { clientZone: 'America/New_York' }),
      await engagementInCoaching(runtime, { clientZone: 'Europe/London' }),
      await engagementInCoaching(runtime, { clientZone: 'Asia/Kolkata' }),
    ];
    for (const [index, engagement] of engagements.entries()) {
      const closing = await meetingOf(runtime, engagement.id, 'closing');
      const localDateTime = inHours(60 + index * 24);
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
    // Three reminders each for the closing meetings, and a closing-week job for each engagement whose closing
    // meeting's week has not begun yet (the others are in their closing stage already; which ones depends on
    // today's weekday, as does a reminder to schedule the mid-point for an engagement still in coaching).
    const stages = await Promise.all(
      engagements.map(async (e) => (await runtime.deps.uow.read.engagements.get(e.id))?.stage),
    );
    const jobNames = before.jobs.map((job) => job.name);
    expect(before.jobs.filter((job) => job.id.includes('.meeting.'))).toHaveLength(9);
    expect(jobNames.filter((name) => name === 'closing-week')).toHaveLength(
      stages.filter((stage) => stage !== 'closing').length,
    );
    expect(after).toEqual(before);
    const plans = await Promise.all(engagements.map((e) => planFromDatabase(schedulerDeps(), e.id)));
    expect(after).toEqual(plannedSnapshot(plans));
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
