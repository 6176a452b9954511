import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { syncEngagement } from '../../jobs/bullmq-scheduler.js';
import { raiseHorizonMark } from '../../jobs/horizon.js';
import { emptyCounts, ensureGlobalSchedules, jobIndexKey } from '../../jobs/plan-sync.js';
import { type PromptPartData, runPromptPart } from '../../jobs/prompt-part.js';
import { dueSlots, runPromptTick, runPromptTickHere } from '../../jobs/prompt-tick.js';
import { triadKey } from '../../jobs/queues.js';
import type { Engagement } from '../../src/engagement/records.js';
import { globalSchedules } from '../../src/scheduling/planned-jobs.js';
import { engagementInCoaching } from './support/engagement-journey.js';
import { type JobRuntime, schedulerDepsOf, startJobRuntime } from './support/job-runtime.js';
import { aheadMinute, slotAt } from './support/prompt-slots.js';
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
  await runtime.queues.redis.del(coveredKey());
});
afterAll(() => runtime.close());

const coveredKey = () => triadKey(runtime.queues, 'prompt-tick', 'covered');

/** The ids of the part jobs queued for the tick of `tickAt`, sorted. */
async function queuedParts(tickAt: Date): Promise<string[]> {
  const jobs = await runtime.queues.schedule.getJobs(['waiting', 'active', 'completed', 'delayed'], 0, -1);
  return jobs
    .map((job) => job.id ?? '')
    .filter((id) => id.startsWith(`prompt-part.${tickAt.getTime()}.`))
    .sort();
}

/** What a worker does with a queued part: takes it off the queue and runs it. */
async function runQueuedPart(id: string) {
  const job = await runtime.queues.schedule.getJob(id);
  if (!job) throw new Error(`no part ${id}`);
  await runtime.queues.schedule.remove(id);
  return runPromptPart(runtime.queues, runtime.deps, job.data as PromptPartData);
}

/** A prompt-tick run for the minute `at` (core clock), as the scheduler adds it (`tag` tells duplicates apart). */
async function queueTick(at: Date, tag: string) {
  await runtime.queues.schedule.add(
    'prompt-tick',
    {},
    {
      jobId: `tick-${at.getTime()}-${tag}`,
      timestamp: at.getTime() - runtime.queues.clockAheadMs(),
      removeOnComplete: true,
    },
  );
}

const promptsOf = (engagementId: string) => runtime.deps.uow.read.prompts.listByEngagement(engagementId);
const schedulerDeps = () => schedulerDepsOf(runtime);

/** Redis after the tick is what a full sync of the engagement gives: the sync finds nothing to change. */
async function expectSyncedAsPlanned(engagementId: string) {
  const counts = emptyCounts();
  await syncEngagement(runtime.queues, schedulerDeps(), engagementId, counts);
  expect(counts).toMatchObject({ schedulersUpserted: 0, schedulersRemoved: 0, jobsAdded: 0, jobsRemoved: 0 });
}

describe('the minute’s prompt tick', () => {
  it('splits the due engagements into parts, issues each part in batches, queues deliveries and nudges, and issues nothing twice', async () => {
    const tickAt = aheadMinute(1);
    const due = await Promise.all([1, 2, 3].map(() => engagementInCoaching(runtime)));
    for (const engagement of due) await slotAt(runtime, engagement, tickAt);
    const later = await slotAt(
      runtime,
      await engagementInCoaching(runtime),
      new Date(tickAt.getTime() + 60_000),
    );
    runtime.deps.clock.advanceTo(new Date(tickAt.getTime() + 2_000));

    const first = await runPromptTickHere(runtime.queues, runtime.deps, tickAt, { partSize: 2, pageSize: 1 });
    expect(first.tick).toMatchObject({ outcome: 'queued', slots: 1, parts: 2 });
    expect(first.parts).toMatchObject({ issued: 3, single: 0, repaired: 0 });
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

    // The same minute again (a retried or duplicated tick): the window is closed, nothing is queued.
    const again = await runPromptTickHere(runtime.queues, runtime.deps, tickAt, { partSize: 2 });
    expect(again.tick).toMatchObject({ outcome: 'queued', slots: 0, parts: 0 });
    for (const engagement of due) expect(await promptsOf(engagement.id)).toHaveLength(1);
  });

  it('a tick run twice for the same window (crash before its mark moved) adds each part once', async () => {
    const tickAt = aheadMinute(5);
    const due = await Promise.all([1, 2, 3, 4, 5].map(() => engagementInCoaching(runtime)));
    for (const engagement of due) await slotAt(runtime, engagement, tickAt);
    runtime.deps.clock.advanceTo(new Date(tickAt.getTime() + 2_000));
    const mark = String(tickAt.getTime() - 60_000);
    await runtime.queues.redis.set(coveredKey(), mark);

    const first = await runPromptTick(runtime.queues, runtime.deps, tickAt, { partSize: 2 });
    // The mark as if the first run died after its addBulk: the retry plans the same window again.
    await runtime.queues.redis.set(coveredKey(), mark);
    const second = await runPromptTick(runtime.queues, runtime.deps, tickAt, { partSize: 2 });
    expect(first).toMatchObject({ outcome: 'queued', parts: 3 });
    expect(second.partIds).toEqual(first.partIds);
    expect(await queuedParts(tickAt)).toEqual([...first.partIds].sort());
    expect(await runtime.queues.redis.get(coveredKey())).toBe(String(tickAt.getTime()));

    const run = await runPromptTickHere(runtime.queues, runtime.deps, tickAt, { partSize: 2 });
    expect(run.tick.parts).toBe(0);
    for (const id of first.partIds) await runQueuedPart(id);
    for (const engagement of due) expect(await promptsOf(engagement.id)).toHaveLength(1);
  });

  it('re-adds the jobs of prompts committed before a crash, without issuing them again', async () => {
    const tickAt = aheadMinute(4);
    const engagement = await slotAt(runtime, await engagementInCoaching(runtime), tickAt);
    runtime.deps.clock.advanceTo(new Date(tickAt.getTime() + 2_000));
    const tick = await runPromptTick(runtime.queues, runtime.deps, tickAt);
    const [partId] = tick.partIds;
    const part = (await runtime.queues.schedule.getJob(partId ?? ''))?.data as PromptPartData;
    const deliver = runtime.deps.scheduler.deliver.bind(runtime.deps.scheduler);
    runtime.deps.scheduler.deliver = async () => {
      throw new Error('Redis went away after commit');
    };
    try {
      await expect(runPromptPart(runtime.queues, runtime.deps, part)).rejects.toThrow(/queueing/);
    } finally {
      runtime.deps.scheduler.deliver = deliver;
    }
    const [prompt] = await promptsOf(engagement.id);
    const nudgeId = `${engagement.id}.nudge.${prompt?.id}.once`;
    expect(await runtime.queues.schedule.getJob(nudgeId)).toBeUndefined();

    // BullMQ retries the part with its own window.
    const retry = await runPromptPart(runtime.queues, runtime.deps, part);
    expect(retry).toMatchObject({ issued: 0, repaired: 1 });
    expect(await promptsOf(engagement.id)).toHaveLength(1);
    expect(await runtime.queues.schedule.getJob(nudgeId)).toBeDefined();
    await expectSyncedAsPlanned(engagement.id);
    await runtime.queues.schedule.remove(partId ?? '');
  });

  it('catches up after a pause on what fell due since the last tick, not before it', async () => {
    const lastTick = aheadMinute(2);
    const whileDown = await slotAt(
      runtime,
      await engagementInCoaching(runtime),
      new Date(lastTick.getTime() + 5 * 60_000),
    );
    const beforeMark = await slotAt(
      runtime,
      await engagementInCoaching(runtime),
      new Date(lastTick.getTime() - 60_000),
    );
    await runtime.queues.redis.set(coveredKey(), String(lastTick.getTime()));
    const lateTick = new Date(lastTick.getTime() + 20 * 60_000);
    runtime.deps.clock.advanceTo(new Date(lateTick.getTime() + 2_000));
    const { parts } = await runPromptTickHere(runtime.queues, runtime.deps, lateTick);
    expect(parts.issued).toBeGreaterThanOrEqual(1);
    expect(await promptsOf(whileDown.id)).toHaveLength(1);
    expect(await promptsOf(beforeMark.id)).toEqual([]);
  });

  it('without a mark (first run, Redis wiped) looks back over what a wipe may have lost', async () => {
    const tickAt = aheadMinute(6);
    const lost = await slotAt(
      runtime,
      await engagementInCoaching(runtime),
      new Date(tickAt.getTime() - 10 * 60_000),
    );
    const older = await slotAt(
      runtime,
      await engagementInCoaching(runtime),
      new Date(tickAt.getTime() - 20 * 60_000),
    );
    runtime.deps.clock.advanceTo(new Date(tickAt.getTime() + 2_000));
    await runPromptTickHere(runtime.queues, runtime.deps, tickAt);
    expect(await promptsOf(lost.id)).toHaveLength(1);
    expect(await promptsOf(older.id)).toEqual([]);
  });

  it('two ticks for the same minute at once: one plans, nothing is issued twice', async () => {
    const tickAt = aheadMinute(3);
    const engagements = await Promise.all([1, 2, 3, 4].map(() => engagementInCoaching(runtime)));
    for (const engagement of engagements) await slotAt(runtime, engagement, tickAt);
    runtime.deps.clock.advanceTo(new Date(tickAt.getTime() + 2_000));
    const runs = await Promise.all([
      runPromptTickHere(runtime.queues, runtime.deps, tickAt, { partSize: 1, pageSize: 1 }),
      runPromptTickHere(runtime.queues, runtime.deps, tickAt, { partSize: 1, pageSize: 1 }),
    ]);
    expect(runs.map((r) => r.tick.outcome).sort()).toEqual(['busy', 'queued']);
    expect(runs.map((r) => r.parts.issued).reduce((a, b) => a + b)).toBe(4);
    for (const engagement of engagements) expect(await promptsOf(engagement.id)).toHaveLength(1);
  });

  it('spreads a minute’s parts over two workers: the tick is taken once, each part once, every prompt issued once', {
    timeout: 60_000,
  }, async () => {
    const tickAt = new Date(aheadMinute(1).getTime() + 3 * 3600_000);
    const engagements = await Promise.all(Array.from({ length: 8 }, () => engagementInCoaching(runtime)));
    for (const engagement of engagements) await slotAt(runtime, engagement, tickAt);
    runtime.deps.clock.advanceTo(new Date(tickAt.getTime() + 2_000));
    await runtime.queues.redis.set(coveredKey(), String(tickAt.getTime() - 60_000));
    const settings = { scheduleConcurrency: 1, promptPartSize: 2, reconcileOnStart: false };
    const sets = [await runWorkers(runtime, { settings }), await runWorkers(runtime, { settings })];
    const parts = new Map<string, number[]>();
    const ticks: number[] = [];
    try {
      for (const [index, running] of sets.entries()) {
        for (const worker of running.workers) {
          worker.on('completed', (job) => {
            if (job.name === 'prompt-tick') ticks.push(index);
            if (job.name === 'prompt-part')
              parts.set(job.id ?? '', [...(parts.get(job.id ?? '') ?? []), index]);
          });
        }
      }
      // The minute's run, and a duplicate of it (a retried or doubled tick job for the same minute).
      await queueTick(tickAt, 'one');
      await queueTick(tickAt, 'two');
      await waitFor('both tick runs and the four parts', () => ticks.length === 2 && parts.size === 4);
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await Promise.all(sets.map((running) => running.close()));
    }
    expect([...parts.values()].every((takers) => takers.length === 1)).toBe(true);
    expect(new Set([...parts.values()].flat())).toEqual(new Set([0, 1]));
    for (const engagement of engagements) expect(await promptsOf(engagement.id)).toHaveLength(1);
  });

  it('a part that fails is retried with its own window: the mark moving on skips no prompt', {
    timeout: 60_000,
  }, async () => {
    const tickAt = new Date(aheadMinute(2).getTime() + 3 * 3600_000);
    const engagement = await slotAt(runtime, await engagementInCoaching(runtime), tickAt);
    runtime.deps.clock.advanceTo(new Date(tickAt.getTime() + 2_000));
    await runtime.queues.redis.set(coveredKey(), String(tickAt.getTime() - 60_000));
    const real = runtime.deps.uow;
    let failures = 1;
    runtime.deps.uow = {
      transaction: (work) => real.transaction(work),
      read: {
        ...real.read,
        engagements: {
          ...real.read.engagements,
          listPromptDue: (...args) =>
            failures-- > 0
              ? Promise.reject(new Error('PostgreSQL went away'))
              : real.read.engagements.listPromptDue(...args),
        },
      },
    };
    const running = await runWorkers(runtime, { settings: { reconcileOnStart: false } });
    try {
      await queueTick(tickAt, 'failing');
      const part = await waitFor('the part waiting for its retry', async () => {
        const delayed = await runtime.queues.schedule.getDelayed();
        return delayed.find((job) => job.name === 'prompt-part' && job.attemptsMade === 1);
      });
      // The next minute's tick moves the mark past the failed part's window.
      runtime.deps.clock.advanceTo(new Date(tickAt.getTime() + 62_000));
      await queueTick(new Date(tickAt.getTime() + 60_000), 'next');
      await waitFor(
        'the mark to move on',
        async () => (await runtime.queues.redis.get(coveredKey())) === String(tickAt.getTime() + 60_000),
      );
      expect(await promptsOf(engagement.id)).toEqual([]);
      await part.promote();
      await waitFor('the retried part’s prompt', async () => (await promptsOf(engagement.id)).length > 0);
      expect(await promptsOf(engagement.id)).toHaveLength(1);
    } finally {
      runtime.deps.uow = real;
      await running.close();
    }
  });

  it('an engagement whose prompt fails on its own holds back nobody else in its page: it gets its own job', async () => {
    const tickAt = new Date(aheadMinute(3).getTime() + 5 * 3600_000);
    const due = await Promise.all([1, 2, 3].map(() => engagementInCoaching(runtime)));
    for (const engagement of due) await slotAt(runtime, engagement, tickAt);
    const broken = due[1] as Engagement;
    runtime.deps.clock.advanceTo(new Date(tickAt.getTime() + 2_000));
    const real = runtime.deps.uow;
    runtime.deps.uow = {
      read: real.read,
      transaction: (work) =>
        real.transaction((repos) =>
          work({
            ...repos,
            engagements: {
              ...repos.engagements,
              loadForPrompting: (ids, options) =>
                ids.includes(broken.id)
                  ? Promise.reject(new Error('a row of its own that cannot be read'))
                  : repos.engagements.loadForPrompting(ids, options),
            },
          }),
        ),
    };
    try {
      const run = await runPromptTickHere(runtime.queues, runtime.deps, tickAt, {
        partSize: 10,
        pageSize: 10,
      });
      expect(run.parts).toMatchObject({ issued: 2, isolated: 1 });
    } finally {
      runtime.deps.uow = real;
    }
    for (const engagement of due.filter((e) => e.id !== broken.id)) {
      expect(await promptsOf(engagement.id)).toHaveLength(1);
    }
    expect(await promptsOf(broken.id)).toEqual([]);
    const jobs = await runtime.queues.schedule.getJobs(['waiting', 'delayed', 'prioritized'], 0, -1);
    const own = jobs.filter((job) => job.id?.startsWith(`isolated.${broken.id}.`));
    expect(own.map((job) => [job.name, job.data])).toEqual([
      ['reflection-prompt', { engagementId: broken.id, dueAt: tickAt.toISOString() }],
    ]);
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
