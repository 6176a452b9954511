import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runPromptTick } from '../../jobs/prompt-tick.js';
import { triadKey } from '../../jobs/queues.js';
import type { Engagement } from '../../src/engagement/records.js';
import { type MessageSink, startMessageSink } from '../support/recording-messenger.js';
import { engagementInCoaching } from './support/engagement-journey.js';
import { type JobRuntime, startJobRuntime } from './support/job-runtime.js';
import { spawnWorker, type WorkerProcess } from './support/spawn-worker.js';
import { waitFor } from './support/wait-for.js';

/**
 * The minute's prompt parts taken by worker processes (`test/jobs/support/worker-process.ts`, schedule and
 * delivery roles): a process killed with SIGKILL in the middle of a part leaves it to another, and every due
 * prompt is issued exactly once.
 */
let runtime: JobRuntime;
let sink: MessageSink;
const children: WorkerProcess[] = [];
beforeAll(async () => {
  runtime = await startJobRuntime();
  sink = await startMessageSink();
});
afterEach(async () => {
  for (const worker of children.splice(0)) {
    worker.child.kill('SIGKILL');
    await worker.exited;
  }
});
afterAll(async () => {
  await runtime.close();
  await sink.close();
});

async function worker(name: string) {
  const started = await spawnWorker(runtime, sink.url, name, { ROLES: 'schedule,delivery', PACE_MS: '5' });
  children.push(started);
  return started;
}

async function dueAt(engagements: readonly Engagement[], at: Date) {
  for (const engagement of engagements) {
    const local = DateTime.fromJSDate(at, { zone: engagement.timeZone });
    await runtime.deps.uow.transaction((repos) =>
      repos.engagements.update({
        ...engagement,
        promptWeekday: local.weekday % 7,
        promptTime: local.toFormat('HH:mm'),
        version: engagement.version + 1,
      }),
    );
  }
}

const promptCounts = async (engagements: readonly Engagement[]) => {
  const rows = await runtime.database.sql<{ engagement_id: string; n: number }[]>`
    select engagement_id::text, count(*)::int as n from reflection_prompts
    where engagement_id::text = any(${engagements.map((e) => e.id)}) group by engagement_id`;
  const byId = new Map(rows.map((row) => [row.engagement_id, row.n]));
  return engagements.map((e) => byId.get(e.id) ?? 0);
};

describe('prompt parts in worker processes', () => {
  it('a process killed with SIGKILL in the middle of a part leaves it to another; every prompt is issued once', {
    timeout: 240_000,
  }, async () => {
    const engagements: Engagement[] = [];
    for (let n = 0; n < 40; n += 1) engagements.push(await engagementInCoaching(runtime));
    // This minute: the worker processes run on the real clock.
    const tickAt = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    await dueAt(engagements, tickAt);
    const covered = triadKey(runtime.queues, 'prompt-tick', 'covered');
    await runtime.queues.redis.set(covered, String(tickAt.getTime() - 60_000));

    // One part of 40, issued two at a time: twenty transactions, time to be killed in the middle.
    const first = await worker('first');
    const tick = await runPromptTick(runtime.queues, runtime.deps, tickAt, { partSize: 100, pageSize: 2 });
    expect(tick).toMatchObject({ outcome: 'queued', parts: 1 });
    expect(await runtime.queues.redis.get(covered)).toBe(String(tickAt.getTime()));
    await waitFor(
      'the part half issued',
      async () => {
        const issued = (await promptCounts(engagements)).filter((n) => n > 0).length;
        return issued >= 4 && issued <= 30;
      },
      60_000,
    );
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const atKill = (await promptCounts(engagements)).filter((n) => n > 0).length;

    const second = await worker('second');
    const counts = await waitFor(
      'every prompt issued',
      async () => {
        const now = await promptCounts(engagements);
        return now.every((n) => n > 0) ? now : undefined;
      },
      120_000,
    );
    const [partId] = tick.partIds;
    await waitFor('the part completed', async () => !(await runtime.queues.schedule.getJob(partId ?? '')));

    expect(atKill).toBeLessThan(engagements.length);
    expect(counts).toEqual(engagements.map(() => 1));
    // Each prompt's message was committed once.
    const [{ n: outbox } = { n: -1 }] = await runtime.database.sql<{ n: number }[]>`
      select count(*)::int as n from outbox
      where engagement_id::text = any(${engagements.map((e) => e.id)}) and idempotency_key like '%:prompt:%'`;
    expect(outbox).toBe(engagements.length);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
