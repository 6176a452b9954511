import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { syncEngagement } from '../../jobs/bullmq-scheduler.js';
import { runHorizonTick } from '../../jobs/horizon-tick.js';
import { jobIndexKey } from '../../jobs/plan-sync.js';
import { runPromptTickHere } from '../../jobs/prompt-tick.js';
import { planningHorizon } from '../../src/scheduling/planned-jobs.js';
import { engagementInCoaching } from './support/engagement-journey.js';
import { type JobRuntime, schedulerDepsOf, startJobRuntime } from './support/job-runtime.js';
import { aheadMinute, slotAt } from './support/prompt-slots.js';

// The minute's prompts against the horizon as it is (no mark raised ahead, unlike prompt-tick.test.ts): a nudge
// two days out is beyond it when the prompt is issued.
let runtime: JobRuntime;
beforeAll(async () => {
  runtime = await startJobRuntime();
});
afterEach(() => {
  runtime.deps.clock.reset();
  vi.restoreAllMocks();
});
afterAll(() => runtime.close());

const WEEK = 7 * 24 * 3600_000;
const schedulerDeps = () => schedulerDepsOf(runtime);
const promptsOf = (engagementId: string) => runtime.deps.uow.read.prompts.listByEngagement(engagementId);
const indexOf = (engagementId: string) =>
  runtime.queues.redis.smembers(jobIndexKey(runtime.queues, engagementId));

/** The tick of `at`, run in this process a couple of seconds into its minute. */
async function tickAt(at: Date) {
  runtime.deps.clock.advanceTo(new Date(at.getTime() + 2_000));
  return runPromptTickHere(runtime.queues, runtime.deps, at, { partSize: 10 });
}

describe('a minute’s prompts whose nudges fall beyond the horizon', () => {
  it('are issued without re-reading or locking their engagements for the nudge; the horizon tick queues each nudge as it enters', async () => {
    const due = aheadMinute(1);
    const engagements = await Promise.all(
      [1, 2].map(async () => slotAt(runtime, await engagementInCoaching(runtime), due)),
    );
    const reread = vi.spyOn(runtime.deps.uow.read.engagements, 'loadForPlanning');

    const run = await tickAt(due);

    expect(run.parts).toMatchObject({ issued: 2, single: 0 });
    // Nothing for the nudges was read again: a nudge two days out is the horizon tick's, not the issuing page's.
    expect(reread).not.toHaveBeenCalled();
    for (const engagement of engagements) {
      const [prompt] = await promptsOf(engagement.id);
      const nudgeId = `${engagement.id}.nudge.${prompt?.id}.once`;
      expect(prompt?.nudgeDueAt?.getTime()).toBeGreaterThan(
        runtime.deps.clock.now().getTime() + planningHorizon.horizonMs,
      );
      expect(await runtime.queues.schedule.getJob(nudgeId)).toBeUndefined();
      expect(await indexOf(engagement.id)).not.toContain(nudgeId);
    }

    // The horizon tick whose window reaches the first nudge queues it (and with it every nudge due by then).
    const [first] = await promptsOf(engagements[0]?.id ?? '');
    const firstNudge = first?.nudgeDueAt;
    if (!firstNudge) throw new Error('the first prompt has no nudge');
    runtime.deps.clock.advanceTo(new Date(firstNudge.getTime() - planningHorizon.horizonMs + 60_000));
    await runHorizonTick(runtime.queues, schedulerDeps(), runtime.deps.clock.now());
    for (const engagement of engagements) {
      const [prompt] = await promptsOf(engagement.id);
      const nudgeId = `${engagement.id}.nudge.${prompt?.id}.once`;
      expect(await runtime.queues.schedule.getJob(nudgeId)).toBeDefined();
      expect(await indexOf(engagement.id)).toContain(nudgeId);
    }
  });

  it('still withdraws the queued snooze reminder of the prompt the new one expires', async () => {
    const firstDue = aheadMinute(20);
    const engagement = await slotAt(runtime, await engagementInCoaching(runtime), firstDue);
    // (The first test's engagements fall due in between too: the tick catches up on them.)
    await tickAt(firstDue);
    const [first] = await promptsOf(engagement.id);
    if (!first) throw new Error('no first prompt');
    const secondDue = new Date(firstDue.getTime() + WEEK);
    expect(first.expiresAt).toEqual(secondDue);

    // Snoozed until an hour before the next prompt, and that reminder queued (it is within the horizon).
    await runtime.deps.uow.transaction((repos) =>
      repos.prompts.update({
        ...first,
        status: 'snoozed',
        snoozedUntil: new Date(secondDue.getTime() - 3600_000),
      }),
    );
    runtime.deps.clock.advanceTo(new Date(secondDue.getTime() - 2 * 3600_000));
    await syncEngagement(runtime.queues, schedulerDeps(), engagement.id);
    const snoozeEnd = `${engagement.id}.snooze.${first.id}.end`;
    expect(await runtime.queues.schedule.getJob(snoozeEnd)).toBeDefined();

    // No worker ran it; the next week's prompt expires the snoozed one, and its reminder goes with it.
    await tickAt(secondDue);
    const prompts = await promptsOf(engagement.id);
    expect(prompts).toHaveLength(2);
    expect(prompts.find((p) => p.id === first.id)?.status).toBe('expired');
    expect(await runtime.queues.schedule.getJob(snoozeEnd)).toBeUndefined();
    expect(await indexOf(engagement.id)).not.toContain(snoozeEnd);
  });
});
