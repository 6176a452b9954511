import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseHorizonMark } from '../../jobs/horizon.js';
import { nudgePromptJob } from '../../jobs/nudge-prompt.job.js';
import { reflectionPromptJob } from '../../jobs/reflection-prompt.job.js';
import { retentionPurgeJob } from '../../jobs/retention-purge.job.js';
import type { Engagement } from '../../src/engagement/records.js';
import { draftGoal } from '../../src/use-cases/goals/draft-goal.js';
import { scheduleMeeting } from '../../src/use-cases/meetings/schedule-meeting.js';
import { answerPrompt } from '../../src/use-cases/reflections/answer-prompt.js';
import { snoozePrompt } from '../../src/use-cases/reflections/snooze-prompt.js';
import { confirmRelease } from '../../src/use-cases/releases/confirm-release.js';
import { previewRelease } from '../../src/use-cases/releases/preview-release.js';
import { engagementInCoaching, hrActor, inHours, meetingOf } from './support/engagement-journey.js';
import { type JobRuntime, startJobRuntime } from './support/job-runtime.js';
import { scheduledInRedis } from './support/redis-snapshot.js';
import { waitFor } from './support/wait-for.js';

/**
 * Done-when of issue 12, the Redis half: after the retention purge of an engagement, a scan of every Redis key
 * under the queue prefix — and every value of every hash, list, set, sorted set and stream — finds nothing that
 * names the engagement or any of its prompts, entries, outbox rows or meetings: no scheduler, no scheduled,
 * finished or failed job, no event, no index or lock. Another engagement's jobs stay exactly as they were.
 */
const WEEK = 7 * 24 * 3600_000;
let runtime: JobRuntime;
beforeAll(async () => {
  runtime = await startJobRuntime();
  // The horizon's mark two months ahead: the engagements' jobs days out are queued (horizon.test.ts tests it).
  await raiseHorizonMark(runtime.queues, new Date(Date.now() + 60 * 24 * 3600_000));
});
afterAll(() => runtime.close());

const context = () => ({ job: {} as Job, token: undefined, deps: runtime.deps, queues: runtime.queues });

const clientActor = async (engagement: Engagement) => ({
  platform: 'slack' as const,
  tenantId: 'T1',
  platformUserId: (await runtime.deps.uow.read.people.get(engagement.clientId))?.platformUserId ?? '',
});

/** A sorted set's `[member, score, member, score…]` as `member score` lines. */
const pairs = (flat: string[]) =>
  flat.flatMap((member, i) => (i % 2 === 0 ? [`${member} ${flat[i + 1]}`] : []));

/** Every key under the queue prefix with each element it holds (hash field, list/set member, stream entry), as text. */
async function everyKey(): Promise<{ key: string; items: string[] }[]> {
  const { redis, prefix } = runtime.queues;
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    for (const key of batch) keys.add(key);
    cursor = next;
  } while (cursor !== '0');
  const found: { key: string; items: string[] }[] = [];
  for (const key of [...keys].sort()) {
    const type = await redis.type(key);
    const items =
      type === 'string'
        ? [String(await redis.get(key))]
        : type === 'hash'
          ? Object.entries(await redis.hgetall(key))
              .map(([field, value]) => `${field}=${value}`)
              .sort()
          : type === 'list'
            ? await redis.lrange(key, 0, -1)
            : type === 'set'
              ? (await redis.smembers(key)).sort()
              : type === 'zset'
                ? pairs(await redis.zrange(key, 0, -1, 'WITHSCORES')).sort()
                : type === 'stream'
                  ? (await redis.xrange(key, '-', '+')).map((entry) => JSON.stringify(entry))
                  : [type];
    found.push({ key, items: [key, ...items] });
  }
  return found;
}

/** The ids an engagement's private activity and lifecycle are known by in Redis. */
async function idsOf(engagementId: string): Promise<string[]> {
  const read = runtime.deps.uow.read;
  return [
    engagementId,
    ...(await read.prompts.listByEngagement(engagementId)).map((r) => r.id),
    ...(await read.entries.listByEngagement(engagementId)).map((r) => r.id),
    ...(await read.releases.listByEngagement(engagementId)).map((r) => r.id),
    ...(await read.outbox.listByEngagement(engagementId)).map((r) => r.id),
    ...(await read.meetings.listByEngagement(engagementId)).map((r) => r.id),
  ];
}

const namesOne = (ids: readonly string[]) => (text: string) => ids.some((id) => text.includes(id));

/** Keys whose name or one of whose elements names one of the ids. */
const naming = (scan: { key: string; items: string[] }[], ids: readonly string[]) =>
  scan.filter(({ items }) => items.some(namesOne(ids))).map(({ key }) => key);

/** Per key, the elements that name one of the ids (keys shared by both engagements hold elements of each). */
const elementsNaming = (scan: { key: string; items: string[] }[], ids: readonly string[]) =>
  scan
    .map(({ key, items }) => ({ key, items: items.filter(namesOne(ids)) }))
    .filter(({ items }) => items.length > 0);

/**
 * An engagement with a history: its start and meetings (outbox rows, reminders), a prompt issued and answered,
 * a second issued, nudged and snoozed, the closing meeting scheduled (reminders), a goal released to the
 * sponsor.
 */
async function engagementWithHistory(): Promise<Engagement> {
  const engagement = await engagementInCoaching(runtime);
  const closing = await meetingOf(runtime, engagement.id, 'closing');
  await scheduleMeeting({ actor: hrActor, meetingId: closing.id, localDateTime: inHours(60) }, runtime.deps);
  const start = runtime.deps.clock.now();
  expect(
    await reflectionPromptJob.handle({ engagementId: engagement.id, dueAt: start.toISOString() }, context()),
  ).toBe('issued');
  const [first] = await runtime.deps.uow.read.prompts.listByEngagement(engagement.id);
  await answerPrompt(
    { actor: await clientActor(engagement), promptId: first?.id ?? '', text: 'what the client wrote' },
    runtime.deps,
  );
  const next = new Date(start.getTime() + WEEK);
  runtime.deps.clock.advanceTo(next);
  expect(
    await reflectionPromptJob.handle({ engagementId: engagement.id, dueAt: next.toISOString() }, context()),
  ).toBe('issued');
  const second = (await runtime.deps.uow.read.prompts.listByEngagement(engagement.id)).find(
    (p) => p.id !== first?.id,
  );
  runtime.deps.clock.advanceTo(new Date(next.getTime() + 2 * 24 * 3600_000));
  await nudgePromptJob.handle({ engagementId: engagement.id, promptId: second?.id ?? '' }, context());
  await snoozePrompt({ actor: await clientActor(engagement), promptId: second?.id ?? '' }, runtime.deps);
  runtime.deps.clock.reset();
  const client = await clientActor(engagement);
  const { entryId } = await draftGoal(
    { actor: client, goal: 'a private goal', successMeasure: 'm' },
    runtime.deps,
  );
  const { releaseId } = await previewRelease({ actor: client, entryId }, runtime.deps);
  await confirmRelease({ actor: client, releaseId }, runtime.deps);
  return engagement;
}

/**
 * Workers that finish jobs as production ones do, minus the platform: every other delivery fails for good
 * (a failed record kept a week, naming the outbox row), the others complete (an event with the return value);
 * the schedule jobs promoted here fail naming their prompt.
 */
async function finishJobs(): Promise<void> {
  const { queues } = runtime;
  let count = 0;
  const workers = [
    new Worker(
      queues.names.delivery,
      async (job) => {
        count += 1;
        if (count % 2 === 0) throw new UnrecoverableError(`platform refused ${job.data.outboxId}`);
        return { outboxId: job.data.outboxId, platformMessageId: 'M1' };
      },
      { connection: queues.connection(), prefix: queues.prefix },
    ),
    new Worker(
      queues.names.schedule,
      async (job) => {
        throw new UnrecoverableError(`could not run ${job.name} for ${JSON.stringify(job.data)}`);
      },
      { connection: queues.connection(), prefix: queues.prefix },
    ),
  ];
  try {
    await waitFor('deliveries to finish', async () => {
      const counts = await queues.delivery.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(counts).every((n) => n === 0);
    });
    await waitFor('promoted schedule jobs to fail', async () => {
      const counts = await queues.schedule.getJobCounts('waiting', 'active', 'prioritized');
      return Object.values(counts).every((n) => n === 0);
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.close()));
  }
}

describe('retention purge, scanned on Redis', () => {
  it('leaves no key or value naming the purged engagement or its ids, and the other engagement intact', async () => {
    const purged = await engagementWithHistory();
    const other = await engagementWithHistory();
    // Some of the purged engagement's scheduled jobs run (and fail) before it closes.
    const [nudgeOrReminder] = (await scheduledInRedis(runtime.queues, [purged.id])).jobs;
    await (await runtime.queues.schedule.getJob(nudgeOrReminder?.id ?? ''))?.promote();
    await finishJobs();

    const purgedIds = await idsOf(purged.id);
    const otherIds = await idsOf(other.id);
    const before = await everyKey();
    const otherBefore = elementsNaming(before, otherIds);
    const otherScheduled = await scheduledInRedis(runtime.queues, [other.id]);
    // The scan can fail: before the purge it finds the engagement's jobs, failed records, events.
    const found = naming(before, purgedIds);
    const prefix = runtime.queues.prefix;
    expect(found).toContain(`${prefix}:schedule:events`);
    expect(found).toContain(`${prefix}:delivery:events`);
    expect(found).toContain(`${prefix}:delivery:failed`);
    expect(found).toContain(`${prefix}:schedule:failed`);
    expect(found).toContain(`${prefix}:triad:jobs:${purged.id}`);
    expect(otherScheduled.jobs.length).toBeGreaterThan(0);

    await runtime.database.sql`
      update engagements set stage = 'closed', closed_at = now() - interval '31 days',
        purge_after = now() - interval '1 day' where id = ${purged.id}`;
    expect(await retentionPurgeJob.handle({}, context())).toMatchObject({ purged: 1, failed: 0 });

    const after = await everyKey();
    expect(naming(after, purgedIds)).toEqual([]);
    expect(elementsNaming(after, otherIds)).toEqual(otherBefore);
    expect(await scheduledInRedis(runtime.queues, [other.id])).toEqual(otherScheduled);
  });
});
