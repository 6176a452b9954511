import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFromDatabase } from '../../jobs/bullmq-scheduler.js';
import type { RunningWorkers } from '../../jobs/workers.js';
import { oneOffId } from '../../src/scheduling/planned-jobs.js';
import { meeting } from '../db/contract/fixtures.js';
import { queueMessages } from '../jobs/support/bulk-messages.js';
import { engagementInCoaching, meetingOf } from '../jobs/support/engagement-journey.js';
import { type JobRuntime, startJobRuntime } from '../jobs/support/job-runtime.js';
import {
  horizonFrom,
  plannedSnapshot,
  type ScheduleSnapshot,
  scheduledInRedis,
} from '../jobs/support/redis-snapshot.js';
import { runWorkers, settled } from '../jobs/support/running-workers.js';
import { waitFor } from '../jobs/support/wait-for.js';
import { httpMessenger, type MessageSink, startMessageSink } from '../support/recording-messenger.js';
import { type PrivateRedis, startPrivateRedis } from '../support/services/index.js';

/**
 * Redis (a private server of this file) stops answering while workers run — a meeting reminder falls due and a
 * message is committed during the outage — and then comes back with no data at all, as an unpersisted Redis
 * does. With nobody stepping in, the workers notice the loss and rebuild everything from Postgres: every future
 * job is back exactly as the database plans it, and what fell due meanwhile is sent late, once.
 */
let server: PrivateRedis;
let runtime: JobRuntime;
let platform: MessageSink;
let workers: RunningWorkers;

beforeAll(async () => {
  server = await startPrivateRedis();
  platform = await startMessageSink();
  runtime = await startJobRuntime({
    redisUrl: server.url,
    messengers: { slack: httpMessenger(platform.url) },
  });
  // The watchdog checks often here; in production every five minutes.
  workers = await runWorkers(runtime, { settings: { watchdogMs: 500 } });
}, 60_000);

afterAll(async () => {
  await workers?.close();
  await runtime?.close();
  await platform?.close();
  await server?.stop();
});

const deliveriesOf = (outboxId: string) => platform.messages.filter((m) => m.outboxId === outboxId);

describe('Redis stopped mid-run and restarted empty', () => {
  it('rebuilds every future job and sends what fell due during the outage late, once', {
    timeout: 120_000,
  }, async () => {
    const engagement = await engagementInCoaching(runtime, { clientZone: 'Europe/London' });
    const welcomes = (await runtime.deps.uow.read.outbox.listByEngagement(engagement.id)).map((e) => e.id);
    await settled(runtime, welcomes);

    // The mid-point check-in starts in an hour and a few seconds: its sponsor reminder is due in a few seconds.
    // (Not the closing meeting: its week beginning would move the engagement to closing during the test and
    // change which future jobs are planned.)
    const midpoint = await meetingOf(runtime, engagement.id, 'midpoint');
    const dueAt = new Date(Date.now() + 6_000);
    await runtime.database.sql`
      update meetings set status = 'scheduled', starts_at = ${new Date(dueAt.getTime() + 3600_000)},
        organiser_zone = 'Europe/London', version = version + 1
      where id = ${midpoint.id}`;
    // A coaching session three hours out: its one-hour reminder is a future job inside the planning horizon,
    // which the rebuild after the wipe must bring back.
    await runtime.deps.uow.transaction((repos) =>
      repos.meetings.insert(
        meeting(engagement.id, {
          kind: 'session',
          coachId: engagement.coachId,
          status: 'scheduled',
          startsAt: new Date(Date.now() + 3 * 3600_000),
        }),
      ),
    );
    await runtime.deps.scheduler.syncEngagement(engagement.id);
    const reminderJob = oneOffId(engagement.id, 'meeting', midpoint.id, 'sponsor-1h');
    expect(await runtime.queues.schedule.getJob(reminderJob)).toBeDefined();
    const futureBefore = await scheduledInRedis(runtime.queues, [engagement.id]);

    // Redis stops answering anyone…
    const admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
    await admin.call('CLIENT', 'PAUSE', '30000', 'ALL');
    admin.disconnect();
    // …a message is committed meanwhile (Postgres is the truth; its hand-over to the queue cannot happen)…
    const committing = queueMessages(runtime, [engagement], 1, 'outage', 'client_dm');
    // …the reminder's moment passes…
    await waitFor('the reminder to fall due', () => Date.now() > dueAt.getTime() + 1_000, 30_000);
    // …and Redis comes back with nothing.
    await server.restart({ empty: true });
    const [message] = await committing;
    if (!message) throw new Error('no message committed');

    const reminders = await waitFor('the late reminder to be delivered', async () => {
      const rows = await runtime.database.sql<{ id: string; status: string }[]>`
        select id, status from outbox where engagement_id = ${engagement.id} and idempotency_key like '%reminder%'`;
      return rows.length > 0 && rows.every((row) => row.status === 'sent') ? rows : undefined;
    });
    await settled(runtime, [message]);

    // Sent once, and late: after the moment it was due, during the outage.
    expect(reminders).toHaveLength(1);
    const reminder = reminders[0]?.id ?? '';
    expect(deliveriesOf(reminder)).toHaveLength(1);
    expect(deliveriesOf(reminder)[0]?.at).toBeGreaterThan(dueAt.getTime());
    expect(deliveriesOf(message)).toHaveLength(1);
    // Every future job is back, one by one as the database plans it. (A job already due is planned for "now",
    // an instant that moves; those are the ones checked above by what was delivered.)
    const future = (snapshot: ScheduleSnapshot): ScheduleSnapshot => ({
      schedulers: snapshot.schedulers,
      jobs: snapshot.jobs.filter((job) => Date.parse(job.runAt) > Date.now() + 60_000),
    });
    const futureAfter = await waitFor('the schedules to be rebuilt', async () => {
      const now = await scheduledInRedis(runtime.queues, [engagement.id]);
      return now.schedulers.length === futureBefore.schedulers.length ? future(now) : undefined;
    });
    const plan = await planFromDatabase(
      { uow: runtime.deps.uow, clock: runtime.deps.clock, logger: runtime.deps.logger },
      engagement.id,
    );
    // Within the horizon: Redis holds the plan's jobs due in the next six hours.
    expect(futureAfter).toEqual(future(plannedSnapshot([plan], horizonFrom(runtime.deps.clock.now()))));
    expect(futureAfter).toEqual(future(futureBefore));
    expect(futureAfter.jobs.length).toBeGreaterThan(0);
    // Nothing was sent twice, to anyone.
    const outboxIds = platform.messages.map((m) => m.outboxId);
    expect(new Set(outboxIds).size).toBe(outboxIds.length);
  });
});
