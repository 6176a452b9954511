import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobContext } from '../../jobs/job-definition.js';
import { scheduledAt } from '../../jobs/reflection-prompt.job.js';
import type { RunningWorkers } from '../../jobs/workers.js';
import { httpMessenger, type MessageSink, startMessageSink } from '../support/recording-messenger.js';
import { engagementInCoaching } from './support/engagement-journey.js';
import { type JobRuntime, startJobRuntime } from './support/job-runtime.js';
import { runWorkers } from './support/running-workers.js';
import { waitFor } from './support/wait-for.js';

/**
 * PROMPT_INTERVAL_SECONDS=5 on real BullMQ, a private Redis and Postgres: the engagement's job scheduler repeats
 * `{ every: 5000 }` and nothing is promoted by hand, so the two prompts below come from BullMQ's own timing.
 */
let sink: MessageSink;
let runtime: JobRuntime;
let workers: RunningWorkers;
beforeAll(async () => {
  sink = await startMessageSink();
  runtime = await startJobRuntime({
    messengers: { slack: httpMessenger(sink.url) },
    settings: { promptIntervalMs: 5_000, workingHours: 'always' },
  });
  workers = await runWorkers(runtime);
});
afterAll(async () => {
  await workers?.close();
  await runtime?.close();
  await sink?.close();
});

describe('a configured prompt interval', () => {
  it('fires every five seconds: two runs bring the client two distinct prompts', async () => {
    const engagement = await engagementInCoaching(runtime);

    const scheduler = await runtime.queues.schedule.getJobScheduler(`${engagement.id}.prompt`);
    const prompts = await waitFor('two prompts', async () => {
      const rows = await runtime.deps.uow.read.prompts.listByEngagement(engagement.id);
      return rows.length >= 2 ? rows : undefined;
    });
    const delivered = await waitFor('both prompts in the client’s DM', () => {
      const inDm = sink.messages.filter(
        (m) => m.conversation === `client_dm.${engagement.id}` && m.summary.includes('reflection question'),
      );
      return inDm.length >= 2 ? inDm : undefined;
    });

    expect(scheduler).toMatchObject({ every: 5_000 });
    expect(scheduler?.pattern).toBeUndefined();
    const [first, second] = [...prompts].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
    expect(first?.id).not.toBe(second?.id);
    expect(first?.cycle).toMatch(/^s\d+$/);
    expect(second?.cycle).toMatch(/^s\d+$/);
    expect(Number(second?.cycle.slice(1)) - Number(first?.cycle.slice(1))).toBe(5_000);
    expect(first?.status).toBe('expired');
    expect(new Set(delivered.map((m) => m.outboxId)).size).toBe(delivered.length);
  });

  it('gives each run the instant BullMQ planned it for, which an `every` run carries only in its id', () => {
    const run = (id: string, opts: object = {}) =>
      scheduledAt({ job: { id, opts, timestamp: 1_000, delay: 0 } } as unknown as JobContext);

    expect(run('repeat:e.prompt:1795307045000')).toEqual(new Date(1795307045000));
    expect(run('repeat:e.prompt:1795307045000', { prevMillis: 1795307040000 })).toEqual(
      new Date(1795307040000),
    );
    expect(run('e.nudge.p.once')).toEqual(new Date(1_000));
  });
});
