import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFromDatabase } from '../../jobs/bullmq-scheduler.js';
import { runPromptTickHere } from '../../jobs/prompt-tick.js';
import { reconcile } from '../../jobs/reconcile.js';
import { pauseEngagement } from '../../src/use-cases/hr/pause-engagement.js';
import { resumeEngagement } from '../../src/use-cases/hr/resume-engagement.js';
import { cancelMeeting } from '../../src/use-cases/meetings/cancel-meeting.js';
import { rescheduleMeeting } from '../../src/use-cases/meetings/reschedule-meeting.js';
import { scheduleMeeting } from '../../src/use-cases/meetings/schedule-meeting.js';
import { engagementInCoaching, hrActor, inHours, meetingOf } from './support/engagement-journey.js';
import { type JobRuntime, startJobRuntime } from './support/job-runtime.js';
import { horizonFrom, plannedSnapshot, scheduledInRedis } from './support/redis-snapshot.js';

let runtime: JobRuntime;
beforeAll(async () => {
  runtime = await startJobRuntime();
});
afterAll(() => runtime.close());

const schedulerDeps = () => ({
  uow: runtime.deps.uow,
  clock: runtime.deps.clock,
  logger: runtime.deps.logger,
});
const plans = (...ids: string[]) => Promise.all(ids.map((id) => planFromDatabase(schedulerDeps(), id)));
/** What Redis should hold for these engagements: their plans up to the horizon. */
const planned = async (...ids: string[]) =>
  plannedSnapshot(await plans(...ids), horizonFrom(runtime.deps.clock.now()));

describe('schedules in Redis follow the database', () => {
  it('gives an engagement in coaching its weekly prompt slot in the client zone (the tick’s) and reminders to schedule, weeks out so not in Redis yet', async () => {
    const engagement = await engagementInCoaching(runtime, { clientZone: 'Asia/Kolkata' });

    const inRedis = await scheduledInRedis(runtime.queues, [engagement.id]);

    const midpoint = await meetingOf(runtime, engagement.id, 'midpoint');
    const closing = await meetingOf(runtime, engagement.id, 'closing');
    // No scheduler of its own: the minute's tick issues it, from its slot.
    expect(inRedis.schedulers).toEqual([]);
    expect(await runtime.deps.uow.read.engagements.listPromptSlots()).toContainEqual({
      timeZone: 'Asia/Kolkata',
      weekday: 1,
      time: '09:30',
    });
    // Planned, weeks out: beyond the horizon, so the horizon tick queues them when they near.
    expect(plannedSnapshot(await plans(engagement.id)).jobs.map((job) => job.id)).toEqual(
      [
        `${engagement.id}.schedule.${midpoint.id}.midpoint`,
        `${engagement.id}.schedule.${closing.id}.closing`,
      ].sort(),
    );
    expect(inRedis).toEqual({ schedulers: [], jobs: [] });
    expect(inRedis).toEqual(await planned(engagement.id));
  });

  it('moves a meeting’s reminders when it is rescheduled, within the horizon or out of it, and removes them when it is cancelled', async () => {
    const engagement = await engagementInCoaching(runtime);
    const midpoint = await meetingOf(runtime, engagement.id, 'midpoint');
    const reschedule = (hours: number) =>
      rescheduleMeeting(
        { actor: hrActor, meetingId: midpoint.id, localDateTime: inHours(hours) },
        runtime.deps,
      );

    await scheduleMeeting(
      { actor: hrActor, meetingId: midpoint.id, localDateTime: inHours(3) },
      runtime.deps,
    );
    const scheduled = await scheduledInRedis(runtime.queues, [engagement.id]);
    await reschedule(5);
    const moved = await scheduledInRedis(runtime.queues, [engagement.id]);
    const plannedWhenMoved = await planned(engagement.id);
    // Two days out: only its 48-hour reminder is within the horizon; the others wait in the plan.
    await reschedule(50);
    const away = await scheduledInRedis(runtime.queues, [engagement.id]);
    const plannedAway = await planned(engagement.id);
    const allPlannedAway = plannedSnapshot(await plans(engagement.id));
    await cancelMeeting({ actor: hrActor, meetingId: midpoint.id }, runtime.deps);
    const cancelled = await scheduledInRedis(runtime.queues, [engagement.id]);

    const reminders = (snapshot: typeof scheduled) =>
      snapshot.jobs.filter((job) => job.id.includes(`.meeting.${midpoint.id}.`));
    const id = (reminder: string) => `${engagement.id}.meeting.${midpoint.id}.${reminder}`;
    // Three hours out: the 48- and 24-hour reminders passed long ago (dropped); the one-hour one is queued.
    expect(reminders(scheduled).map((job) => job.id)).toEqual([id('sponsor-1h')]);
    expect(reminders(moved).map((job) => job.id)).toEqual([id('sponsor-1h')]);
    const at = (snapshot: typeof scheduled) => Date.parse(reminders(snapshot)[0]?.runAt ?? '');
    expect(at(moved) - at(scheduled)).toBe(2 * 3600_000);
    expect(moved).toEqual(plannedWhenMoved);
    expect(reminders(away).map((job) => job.id)).toEqual([id('prepare-48h')]);
    expect(reminders(allPlannedAway).map((job) => job.id)).toEqual(
      ['prepare-48h', 'sponsor-1h', 'sponsor-24h'].map(id),
    );
    expect(away).toEqual(plannedAway);
    expect(reminders(cancelled)).toEqual([]);
    expect(cancelled).toEqual(await planned(engagement.id));
  });

  it('stops everything while paused and resumes with the next regular prompt, not a burst', async () => {
    const engagement = await engagementInCoaching(runtime);
    const session = await meetingOf(runtime, engagement.id, 'closing');
    await scheduleMeeting(
      { actor: hrActor, meetingId: session.id, localDateTime: inHours(96) },
      runtime.deps,
    );
    const ref = engagement.id.slice(0, 8);

    await pauseEngagement({ actor: hrActor, engagement: { kind: 'id', id: ref } }, runtime.deps);
    const paused = await scheduledInRedis(runtime.queues, [engagement.id]);
    await resumeEngagement({ actor: hrActor, engagement: { kind: 'id', id: ref } }, runtime.deps);
    const resumed = await scheduledInRedis(runtime.queues, [engagement.id]);

    expect(paused).toEqual({ schedulers: [], jobs: [] });
    expect(resumed).toEqual(await planned(engagement.id));
    // Prompting again from the next tick on: the tick looks back to the last tick only, so no missed prompts.
    expect(resumed.schedulers).toEqual([]);
    const tickAt = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    await runPromptTickHere(runtime.queues, runtime.deps, tickAt);
    expect(await runtime.deps.uow.read.prompts.listByEngagement(engagement.id)).toEqual([]);
    // No prompt waiting to go out (the start's one presence lookup, `client-presence`, is not a prompt).
    const waiting = await runtime.queues.schedule.getJobs(['waiting', 'active'], 0, -1);
    const prompts = waiting.filter(
      (job) => job.data?.engagementId === engagement.id && job.name !== 'client-presence',
    );
    expect(prompts).toEqual([]);
  });

  it('removes jobs and schedulers of engagements that no longer want them', async () => {
    const engagement = await engagementInCoaching(runtime);
    const stray = `${engagement.id}.meeting.00000000-0000-4000-8000-000000000000.sponsor-1h`;
    await runtime.queues.schedule.add('meeting-reminder', { stale: true }, { jobId: stray, delay: 3600_000 });
    await runtime.queues.schedule.upsertJobScheduler('11111111-1111-4111-8111-111111111111.prompt', {
      pattern: '0 9 * * 1',
    });

    await reconcile(runtime.queues, schedulerDeps());

    expect(await runtime.queues.schedule.getJob(stray)).toBeUndefined();
    expect(
      await runtime.queues.schedule.getJobScheduler('11111111-1111-4111-8111-111111111111.prompt'),
    ).toBeUndefined();
    const active = await runtime.deps.uow.read.engagements.listActive();
    expect(await scheduledInRedis(runtime.queues)).toEqual(await planned(...active.map((e) => e.id)));
  });
});
