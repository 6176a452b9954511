import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullMqScheduler } from '../../jobs/bullmq-scheduler.js';
import { readHorizonMark } from '../../jobs/horizon.js';
import { runHorizonTick } from '../../jobs/horizon-tick.js';
import { openQueues, type TriadQueues } from '../../jobs/queues.js';
import { reconcile } from '../../jobs/reconcile.js';
import { startWorkers } from '../../jobs/workers.js';
import type { Meeting } from '../../src/engagement/records.js';
import { planningHorizon } from '../../src/scheduling/planned-jobs.js';
import { rescheduleMeeting } from '../../src/use-cases/meetings/reschedule-meeting.js';
import { scheduleMeeting } from '../../src/use-cases/meetings/schedule-meeting.js';
import { type PrivateRedis, startPrivateRedis } from '../support/services/index.js';
import { engagementInCoaching, hrActor, inHours, meetingOf } from './support/engagement-journey.js';
import { type JobRuntime, schedulerDepsOf, startJobRuntime } from './support/job-runtime.js';
import { waitFor } from './support/wait-for.js';

/** This file wipes Redis, so it runs on a Redis of its own, never the shared test server. */
let server: PrivateRedis;
let runtime: JobRuntime;
/** Queues that know how far the core's clock skips ahead, so BullMQ's real delays follow it (as in the demo). */
let queues: TriadQueues;
beforeAll(async () => {
  server = await startPrivateRedis();
  runtime = await startJobRuntime({ redisUrl: server.url });
  queues = openQueues({ redisUrl: server.url, prefix: runtime.queues.prefix, clock: runtime.deps.clock });
  runtime.deps.scheduler = new BullMqScheduler(queues, schedulerDeps());
});
afterAll(async () => {
  await queues.close();
  await runtime.close();
  await server.stop();
});

const HOUR = 3600_000;
const schedulerDeps = () => schedulerDepsOf(runtime);
/** The horizon tick as the scheduler runs it: for the instant the core's clock shows. */
const tick = () => runHorizonTick(queues, schedulerDeps(), runtime.deps.clock.now());
const reminderId = (meeting: Meeting, reminder: string) =>
  `${meeting.engagementId}.meeting.${meeting.id}.${reminder}`;
/** A queued job's instant on the core's clock (BullMQ keeps real time). */
async function queuedAt(id: string): Promise<number | undefined> {
  const job = await queues.schedule.getJob(id);
  return job ? job.timestamp + (job.delay ?? 0) + queues.clockAheadMs() : undefined;
}
/** Moves the core's clock so that `at` is `beforeMs` ahead. */
const aheadOf = (at: number, beforeMs: number) => runtime.deps.clock.advanceTo(new Date(at - beforeMs));

describe('the planning horizon', () => {
  it('leaves a reminder three days out out of Redis, queues it when the horizon tick passes it, and sends it once', async () => {
    const engagement = await engagementInCoaching(runtime);
    const midpoint = await meetingOf(runtime, engagement.id, 'midpoint');
    await scheduleMeeting(
      { actor: hrActor, meetingId: midpoint.id, localDateTime: inHours(72) },
      runtime.deps,
    );
    const meeting = await meetingOf(runtime, engagement.id, 'midpoint');
    const prepare = reminderId(meeting, 'prepare-48h');
    const due = (meeting.startsAt as Date).getTime() - 48 * HOUR;

    expect(await queues.schedule.getJob(prepare)).toBeUndefined();
    // No mark yet: the first tick catches up on everything due by its horizon; the reminder is not.
    const first = await tick();
    expect(first).toMatchObject({ outcome: 'done', from: null });
    expect(await queues.schedule.getJob(prepare)).toBeUndefined();

    // The tick whose window reaches the reminder's time queues it, at that time; the 24-hour one stays out.
    aheadOf(due, planningHorizon.horizonMs - 10 * 60_000);
    const reaching = await tick();
    expect(reaching).toMatchObject({ from: first.to, jobsAdded: 1 });
    expect(await queuedAt(prepare)).toBe(due);
    expect(await queues.schedule.getJob(reminderId(meeting, 'sponsor-24h'))).toBeUndefined();
    const queued = await queues.schedule.getJob(prepare);

    // Later ticks leave it as it is: queued once.
    runtime.deps.clock.advanceTo(new Date(runtime.deps.clock.now().getTime() + 10 * 60_000));
    expect(await tick()).toMatchObject({ jobsAdded: 0, jobsRemoved: 0 });
    expect((await queues.schedule.getJob(prepare))?.timestamp).toBe(queued?.timestamp);

    // Close to its time (the clock skips ahead; a sync puts the job at its time in real time) a worker runs it;
    // the reminder goes out once, whatever runs after.
    aheadOf(due, 2_000);
    await runtime.deps.scheduler.syncEngagement(engagement.id);
    const workers = await startWorkers(runtime.deps, queues, {
      roles: ['schedule'],
      reconcileOnStart: false,
      watchdogMs: 0,
      batch: null,
    });
    try {
      const reminders = async () =>
        (await runtime.deps.uow.read.outbox.listByEngagement(engagement.id)).filter((entry) =>
          entry.idempotencyKey.startsWith(`meeting:${meeting.id}:at:`),
        );
      await waitFor('the reminder in the outbox', async () => (await reminders()).length > 0, 15_000);
      await waitFor('the job done', async () => !(await queues.schedule.getJob(prepare)), 15_000);
      await tick();
      await runtime.deps.scheduler.syncEngagement(engagement.id);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await reminders()).map((entry) => entry.idempotencyKey)).toEqual([
        `meeting:${meeting.id}:at:${meeting.startsAt?.getTime()}:reminder:prepare-48h`,
      ]);
    } finally {
      await workers.close();
    }
  });

  it('moves a queued reminder with its meeting: within the horizon, out of it, and back in when the tick reaches it', async () => {
    const engagement = await engagementInCoaching(runtime);
    const midpoint = await meetingOf(runtime, engagement.id, 'midpoint');
    const realHours = (clockHours: number) => clockHours + queues.clockAheadMs() / HOUR;
    const moveTo = (clockHours: number) =>
      rescheduleMeeting(
        { actor: hrActor, meetingId: midpoint.id, localDateTime: inHours(realHours(clockHours)) },
        runtime.deps,
      );
    await scheduleMeeting(
      { actor: hrActor, meetingId: midpoint.id, localDateTime: inHours(realHours(72)) },
      runtime.deps,
    );
    const prepare = reminderId(midpoint, 'prepare-48h');
    const startsAt = async () =>
      ((await meetingOf(runtime, engagement.id, 'midpoint')).startsAt as Date).getTime();
    aheadOf((await startsAt()) - 48 * HOUR, planningHorizon.horizonMs - 10 * 60_000);
    await tick();
    expect(await queuedAt(prepare)).toBe((await startsAt()) - 48 * HOUR);

    // An hour earlier: still within the horizon, so the job moves.
    await moveTo(((await startsAt()) - runtime.deps.clock.now().getTime()) / HOUR - 1);
    expect(await queuedAt(prepare)).toBe((await startsAt()) - 48 * HOUR);
    // Three hours later: beyond the horizon now, so it leaves Redis ...
    await moveTo(((await startsAt()) - runtime.deps.clock.now().getTime()) / HOUR + 3);
    const due = (await startsAt()) - 48 * HOUR;
    expect(due).toBeGreaterThan(runtime.deps.clock.now().getTime() + planningHorizon.horizonMs);
    expect(await queues.schedule.getJob(prepare)).toBeUndefined();
    // ... and the tick whose window reaches its new time queues it there.
    aheadOf(due, planningHorizon.horizonMs - 10 * 60_000);
    await tick();
    expect(await queuedAt(prepare)).toBe(due);
  });

  it('keeps its mark across a restart, and catches up after a Redis wipe', async () => {
    const engagement = await engagementInCoaching(runtime);
    const midpoint = await meetingOf(runtime, engagement.id, 'midpoint');
    const ahead = queues.clockAheadMs() / HOUR;
    await scheduleMeeting(
      { actor: hrActor, meetingId: midpoint.id, localDateTime: inHours(ahead + 52) },
      runtime.deps,
    );
    const meeting = await meetingOf(runtime, engagement.id, 'midpoint');
    const prepare = reminderId(meeting, 'prepare-48h');
    const last = await tick();

    // A new process (new connections) goes on from the mark the last tick left.
    const restarted = openQueues({
      redisUrl: server.url,
      prefix: runtime.queues.prefix,
      clock: runtime.deps.clock,
    });
    try {
      expect((await readHorizonMark(restarted))?.toISOString()).toBe(last.to);
      runtime.deps.clock.advanceTo(new Date(runtime.deps.clock.now().getTime() + 10 * 60_000));
      const next = await runHorizonTick(restarted, schedulerDeps(), runtime.deps.clock.now());
      expect(next.from).toBe(last.to);
    } finally {
      await restarted.close();
    }

    // Redis wiped: the mark and the jobs are gone together; the first tick catches up on all that is due.
    expect(await queues.schedule.getJob(prepare)).toBeDefined();
    await queues.redis.flushall();
    expect(await readHorizonMark(runtime.queues)).toBeUndefined();
    const caughtUp = await tick();
    expect(caughtUp.from).toBeNull();
    expect(await queuedAt(prepare)).toBe((meeting.startsAt as Date).getTime() - 48 * HOUR);
    // Reconciliation after a wipe sets the mark to the edge it rebuilt.
    await queues.redis.flushall();
    const report = await reconcile(queues, schedulerDeps());
    expect((await readHorizonMark(runtime.queues))?.toISOString()).toBe(report.horizon);
    expect(await queuedAt(prepare)).toBe((meeting.startsAt as Date).getTime() - 48 * HOUR);
  });
});
