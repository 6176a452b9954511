import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { syncEngagement } from '../../jobs/bullmq-scheduler.js';
import { raiseHorizonMark } from '../../jobs/horizon.js';
import { emptyCounts, ensureGlobalSchedules, jobIndexKey } from '../../jobs/plan-sync.js';
import { dueSlots, runPromptTick } from '../../jobs/prompt-tick.js';
import { triadKey } from '../../jobs/queues.js';
import type { Engagement } from '../../src/engagement/records.js';
import { planningRules } from '../../src/scheduling/plan-engagement.js';
import { globalSchedules } from '../../src/scheduling/planned-jobs.js';
import { engagementInCoaching } from './support/engagement-journey.js';
import { type JobRuntime, startJobRuntime } from './support/job-runtime.js';
import { runWorkers } from './support/running-workers.js';
import { waitFor } from './support/wait-for.js';

describe('dueSlots: the due times of BullMQ’s own weekly cron, daylight-saving changes included', () => {
  // The instants test/jobs/prompt-schedule-dst.test.ts sees BullMQ's scheduler fire (Monday 09:30 local).
  it.each([
    [
      'America/New_York',
      ['2027-03-08T14:30:00Z', '2027-03-15T13:30:00Z', '2027-11-01T13:30:00Z', '2027-11-08T14:30:00Z'],
    ],
    [
      'Europe/London',
      ['2027-03-22T09:30:00Z', '2027-03-29T08:30:00Z', '2027-10-25T08:30:00Z', '2027-11-01T09:30:00Z'],
    ],
    ['Asia/Kolkata', ['2027-03-08T04:00:00Z', '2027-03-15T04:00:00Z']],
  ])('%s', (timeZone, instants) => {
    const slot = { timeZone, weekday: 1, time: '09:30' };
    for (const instant of instants) {
      const at = new Date(instant);
      const minute = (n: number) => new Date(at.getTime() + n * 60_000);
      // The tick of that minute finds it; the tick a minute before does not; a late tick still does.
      expect(dueSlots([slot], minute(-1), at)).toEqual([{ ...slot, dueAt: at, cycle: expect.any(String) }]);
      expect(dueSlots([slot], minute(-2), minute(-1))).toEqual([]);
      expect(dueSlots([slot], minute(-30), minute(90))[0]?.dueAt).toEqual(at);
    }
  });

  it('takes the latest due time when a late tick spans more than a week', () => {
    const slot = { timeZone: 'Europe/London', weekday: 1, time: '09:30' };
    const due = dueSlots([slot], new Date('2027-03-01T00:00:00Z'), new Date('2027-03-09T00:00:00Z'));
    expect(due).toEqual([{ ...slot, dueAt: new Date('2027-03-08T09:30:00Z'), cycle: '2027-W10' }]);
  });
});

let runtime: JobRuntime;
beforeAll(async () => {
  runtime = await startJobRuntime();
  // The horizon's mark two months ahead (as if the horizon tick had passed there): nudges days out are queued
  // at once, so these tests see them (the horizon itself is tested in horizon.test.ts).
  await raiseHorizonMark(runtime.queues, new Date(Date.now() + 60 * 24 * 3600_000));
});
afterEach(async () => {
  runtime.deps.clock.reset();
  await runtime.queues.redis.del(triadKey(runtime.queues, 'prompt-tick', 'covered'));
});
afterAll(() => runtime.close());

/** Moves the engagement's prompt slot to `at` (its weekday and minute in the client's zone). */
async function slotAt(engagement: Engagement, at: Date): Promise<Engagement> {
  const local = DateTime.fromJSDate(at, { zone: engagement.timeZone });
  const next = {
    ...engagement,
    promptWeekday: local.weekday % 7,
    promptTime: local.toFormat('HH:mm'),
    version: engagement.version + 1,
  };
  await runtime.deps.uow.transaction((repos) => repos.engagements.update(next));
  return next;
}

/** A minute a day or two ahead (never before the engagements' start week): what the tick is run for. */
const aheadMinute = (days: number) => {
  const at = new Date(Date.now() + days * 24 * 3600_000);
  at.setUTCSeconds(0, 0);
  return at;
};

const promptsOf = (engagementId: string) => runtime.deps.uow.read.prompts.listByEngagement(engagementId);
const schedulerDeps = () => ({
  uow: runtime.deps.uow,
  clock: runtime.deps.clock,
  logger: runtime.deps.logger,
  rules: planningRules(runtime.deps.settings),
});

/** Redis after the tick is what a full sync of the engagement gives: the sync finds nothing to change. */
async function expectSyncedAsPlanned(engagementId: string) {
  const counts = emptyCounts();
  await syncEngagement(runtime.queues, schedulerDeps(), engagementId, counts);
  expect(counts).toMatchObject({ schedulersUpserted: 0, schedulersRemoved: 0, jobsAdded: 0, jobsRemoved: 0 });
}

describe('the minute’s prompt tick', () => {
  it('issues the due engagements as batches, queues their deliveries and nudges, and issues nothing twice', async () => {
    const tickAt = aheadMinute(1);
    const due = await Promise.all([1, 2, 3].map(() => engagementInCoaching(runtime)));
    for (const engagement of due) await slotAt(engagement, tickAt);
    const later = await slotAt(await engagementInCoaching(runtime), new Date(tickAt.getTime() + 60_000));
    runtime.deps.clock.advanceTo(new Date(tickAt.getTime() + 2_000));

    const first = await runPromptTick(runtime.queues, runtime.deps, tickAt, 2);
    expect(first).toMatchObject({ outcome: 'done', issued: 3, single: 0, repaired: 0 });
    for (const engagement of due) {
      const [prompt] = await promptsOf(engagement.id);
      expect(prompt).toMatchObject({ status: 'sent', nudgeDueAt: expect.any(Date) });
      const [entry] = (await runtime.deps.uow.read.outbox.listByEngagement(engagement.id)).filter((e) =>
        e.idempotencyKey.endsWith(`:prompt:${prompt?.cycle}`),
      );
      expect(await runtime.queues.delivery.getJob(entry?.id ?? '')).toBeDefined();
      const index = await runtime.queues.redis.smembers(jobIndexKey(runtime.queues, engagement.id));
      expect(index).toContain(`${engagement.id}.nudge.${prompt?.id}.once`);
      await expectSyncedAsPlanned(engagement.id);
    }
    expect(await promptsOf(later.id)).toEqual([]);

    // The same minute again (a retried or duplicated tick): the window is closed, nothing is issued.
    const again = await runPromptTick(runtime.queues, runtime.deps, tickAt, 2);
    expect(again).toMatchObject({ outcome: 'done', issued: 0, slots: 0 });
    for (const engagement of due) expect(await promptsOf(engagement.id)).toHaveLength(1);
  });

  it('re-adds the jobs of prompts committed before a crash, without issuing them again', async () => {
    const tickAt = aheadMinute(4);
    const engagement = await slotAt(await engagementInCoaching(runtime), tickAt);
    runtime.deps.clock.advanceTo(new Date(tickAt.getTime() + 2_000));
    const deliver = runtime.deps.scheduler.deliver.bind(runtime.deps.scheduler);
    runtime.deps.scheduler.deliver = async () => {
      throw new Error('Redis went away after commit');
    };
    try {
      await expect(runPromptTick(runtime.queues, runtime.deps, tickAt)).rejects.toThrow(/queueing/);
    } finally {
      runtime.deps.scheduler.deliver = deliver;
    }
    const [prompt] = await promptsOf(engagement.id);
    const nudgeId = `${engagement.id}.nudge.${prompt?.id}.once`;
    expect(await runtime.queues.schedule.getJob(nudgeId)).toBeUndefined();

    const retry = await runPromptTick(runtime.queues, runtime.deps, tickAt);
    expect(retry).toMatchObject({ issued: 0, repaired: 1 });
    expect(await promptsOf(engagement.id)).toHaveLength(1);
    expect(await runtime.queues.schedule.getJob(nudgeId)).toBeDefined();
    await expectSyncedAsPlanned(engagement.id);
  });

  it('catches up after a pause on what fell due since the last tick, not before it', async () => {
    const lastTick = aheadMinute(2);
    const whileDown = await slotAt(
      await engagementInCoaching(runtime),
      new Date(lastTick.getTime() + 5 * 60_000),
    );
    const beforeMark = await slotAt(
      await engagementInCoaching(runtime),
      new Date(lastTick.getTime() - 60_000),
    );
    await runtime.queues.redis.set(
      triadKey(runtime.queues, 'prompt-tick', 'covered'),
      String(lastTick.getTime()),
    );
    const lateTick = new Date(lastTick.getTime() + 20 * 60_000);
    runtime.deps.clock.advanceTo(new Date(lateTick.getTime() + 2_000));
    const report = await runPromptTick(runtime.queues, runtime.deps, lateTick);
    expect(report.issued).toBeGreaterThanOrEqual(1);
    expect(await promptsOf(whileDown.id)).toHaveLength(1);
    expect(await promptsOf(beforeMark.id)).toEqual([]);
  });

  it('two ticks for the same minute at once: one runs, nothing is issued twice', async () => {
    const tickAt = aheadMinute(3);
    const engagements = await Promise.all([1, 2, 3, 4].map(() => engagementInCoaching(runtime)));
    for (const engagement of engagements) await slotAt(engagement, tickAt);
    runtime.deps.clock.advanceTo(new Date(tickAt.getTime() + 2_000));
    const reports = await Promise.all([
      runPromptTick(runtime.queues, runtime.deps, tickAt, 1),
      runPromptTick(runtime.queues, runtime.deps, tickAt, 1),
    ]);
    expect(reports.map((r) => r.issued).reduce((a, b) => a + b)).toBe(4);
    for (const engagement of engagements) expect(await promptsOf(engagement.id)).toHaveLength(1);
  });

  it('is one scheduler with a fixed id: with two workers running, each minute’s run is taken by exactly one', async () => {
    await ensureGlobalSchedules(runtime.queues);
    const ran: number[] = [];
    const [one, two] = [await runWorkers(runtime), await runWorkers(runtime)];
    try {
      for (const [index, running] of [one, two].entries()) {
        for (const worker of running.workers) {
          worker.on('completed', (job) => {
            if (job.name === 'prompt-tick') ran.push(index);
          });
        }
      }
      const promoted = new Set<string>();
      for (let run = 1; run <= 3; run += 1) {
        const next = await waitFor('the next tick run', async () =>
          (await runtime.queues.schedule.getDelayed()).find(
            (job) => job.name === 'prompt-tick' && !promoted.has(job.id ?? ''),
          ),
        );
        promoted.add(next.id ?? '');
        await next.promote();
        await waitFor(`tick run ${run} completed`, () => ran.length >= run);
      }
      // Give a second taker every chance to show up.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(ran).toHaveLength(3);
      const schedulers = await runtime.queues.schedule.getJobSchedulers(0, -1);
      expect(schedulers.filter((s) => s.key === globalSchedules.promptTick.id)).toHaveLength(1);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
