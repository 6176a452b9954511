import type { Job } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { syncEngagement } from '../../jobs/bullmq-scheduler.js';
import { raiseHorizonMark } from '../../jobs/horizon.js';
import { schedulePromptIssued } from '../../jobs/nudge-scheduling.js';
import { emptyCounts, jobIndexKey } from '../../jobs/plan-sync.js';
import { reflectionPromptJob } from '../../jobs/reflection-prompt.job.js';
import type { Engagement } from '../../src/engagement/records.js';
import { pauseEngagement } from '../../src/use-cases/hr/pause-engagement.js';
import { scheduleMeeting } from '../../src/use-cases/meetings/schedule-meeting.js';
import { issueReflectionPrompt } from '../../src/use-cases/reflections/issue-reflection-prompt.js';
import { snoozePrompt } from '../../src/use-cases/reflections/snooze-prompt.js';
import { engagementInCoaching, hrActor, inHours, meetingOf } from './support/engagement-journey.js';
import { type JobRuntime, schedulerDepsOf, startJobRuntime } from './support/job-runtime.js';
import { scheduledInRedis } from './support/redis-snapshot.js';

let runtime: JobRuntime;
beforeAll(async () => {
  runtime = await startJobRuntime();
  // The horizon's mark two months ahead, as if the horizon tick had passed there: every job these engagements
  // plan is within it, so the comparison with a full sync covers nudges and snoozes days out (the horizon
  // itself is tested in horizon.test.ts).
  await raiseHorizonMark(runtime.queues, new Date(Date.now() + 60 * 24 * 3600_000));
});
afterEach(() => runtime.deps.clock.reset());
afterAll(() => runtime.close());

const WEEK = 7 * 24 * 3600_000;
const schedulerDeps = () => schedulerDepsOf(runtime);

/** Runs the weekly prompt job's handler for `dueAt`, as the worker would when the scheduler fires. */
async function promptJob(engagementId: string, dueAt: Date): Promise<unknown> {
  const context = { job: {} as Job, token: undefined, deps: runtime.deps, queues: runtime.queues };
  return reflectionPromptJob.handle({ engagementId, dueAt: dueAt.toISOString() }, context);
}

/** What Redis holds for the engagement, with the index of its one-off jobs. */
async function redisState(engagementId: string) {
  const index = await runtime.queues.redis.smembers(jobIndexKey(runtime.queues, engagementId));
  return { ...(await scheduledInRedis(runtime.queues, [engagementId])), index: index.sort() };
}

/**
 * The proof: Redis after the prompt job equals what a full re-plan of the engagement gives — the full sync run
 * afterwards finds nothing to add, remove or upsert and leaves every job and the index as they were.
 */
async function expectSameAsFullSync(engagementId: string) {
  const afterPrompt = await redisState(engagementId);
  const counts = emptyCounts();
  await syncEngagement(runtime.queues, schedulerDeps(), engagementId, counts);
  const afterFullSync = await redisState(engagementId);
  expect(afterFullSync).toEqual(afterPrompt);
  expect(afterPrompt.index).toEqual(afterPrompt.jobs.map((job) => job.id).sort());
  expect(counts).toMatchObject({ schedulersUpserted: 0, schedulersRemoved: 0, jobsAdded: 0, jobsRemoved: 0 });
  return afterPrompt;
}

const clientActor = async (engagement: Engagement) => ({
  platform: 'slack' as const,
  tenantId: 'T1',
  platformUserId: (await runtime.deps.uow.read.people.get(engagement.clientId))?.platformUserId ?? '',
});
const promptsOf = (engagementId: string) => runtime.deps.uow.read.prompts.listByEngagement(engagementId);

describe('scheduling after a weekly prompt is issued', () => {
  it('adds the prompt’s nudge beside the meeting reminders, exactly as a full re-plan would', async () => {
    const engagement = await engagementInCoaching(runtime, { clientZone: 'America/New_York' });
    const midpoint = await meetingOf(runtime, engagement.id, 'midpoint');
    await scheduleMeeting(
      { actor: hrActor, meetingId: midpoint.id, localDateTime: inHours(30) },
      runtime.deps,
    );

    expect(await promptJob(engagement.id, runtime.deps.clock.now())).toBe('issued');

    const [prompt] = await promptsOf(engagement.id);
    const state = await expectSameAsFullSync(engagement.id);
    const ids = state.jobs.map((job) => job.id);
    expect(ids).toContain(`${engagement.id}.nudge.${prompt?.id}.once`);
    expect(ids.filter((id) => id.includes('.meeting.'))).not.toHaveLength(0);
  });

  it('withdraws the nudge of the prompt the new one expires', async () => {
    const engagement = await engagementInCoaching(runtime);
    const firstDue = runtime.deps.clock.now();
    await promptJob(engagement.id, firstDue);
    const [first] = await promptsOf(engagement.id);
    const firstNudge = `${engagement.id}.nudge.${first?.id}.once`;
    expect((await redisState(engagement.id)).index).toContain(firstNudge);

    runtime.deps.clock.advanceTo(new Date(firstDue.getTime() + WEEK));
    expect(await promptJob(engagement.id, runtime.deps.clock.now())).toBe('issued');

    const state = await expectSameAsFullSync(engagement.id);
    const second = (await promptsOf(engagement.id)).find((p) => p.id !== first?.id);
    expect(state.index).not.toContain(firstNudge);
    expect(await runtime.queues.schedule.getJob(firstNudge)).toBeUndefined();
    expect(state.index).toContain(`${engagement.id}.nudge.${second?.id}.once`);
  });

  it('withdraws the snooze reminder of a snoozed prompt the new one expires', async () => {
    const engagement = await engagementInCoaching(runtime);
    const firstDue = runtime.deps.clock.now();
    await promptJob(engagement.id, firstDue);
    const [first] = await promptsOf(engagement.id);
    await snoozePrompt({ actor: await clientActor(engagement), promptId: first?.id ?? '' }, runtime.deps);
    const snoozeEnd = `${engagement.id}.snooze.${first?.id}.end`;
    expect((await redisState(engagement.id)).index).toContain(snoozeEnd);

    runtime.deps.clock.advanceTo(new Date(firstDue.getTime() + WEEK));
    expect(await promptJob(engagement.id, runtime.deps.clock.now())).toBe('issued');

    const state = await expectSameAsFullSync(engagement.id);
    expect(state.index).not.toContain(snoozeEnd);
    expect(await runtime.queues.schedule.getJob(snoozeEnd)).toBeUndefined();
  });

  it('re-plans in full when the engagement was paused between the prompt and its scheduling', async () => {
    const engagement = await engagementInCoaching(runtime);
    const { scheduler } = runtime.deps;
    const noResync = {
      deliver: (ids: readonly string[]) => scheduler.deliver(ids),
      syncEngagement: async () => {},
      forgetEngagement: async () => {},
      learnPresence: async () => {},
    };
    const outcome = await issueReflectionPrompt(
      { engagementId: engagement.id, dueAt: runtime.deps.clock.now() },
      { ...runtime.deps, scheduler: noResync },
    );
    if (outcome.outcome !== 'issued') throw new Error(outcome.outcome);
    await pauseEngagement(
      { actor: hrActor, engagement: { kind: 'id', id: engagement.id.slice(0, 8) } },
      runtime.deps,
    );

    const result = await schedulePromptIssued(runtime.queues, schedulerDeps(), {
      engagementId: engagement.id,
      ...outcome,
    });

    expect(result).toBe('resynced');
    const state = await expectSameAsFullSync(engagement.id);
    expect(state).toMatchObject({ schedulers: [], jobs: [], index: [] });
  });
});
