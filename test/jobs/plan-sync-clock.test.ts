import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { jobMatchesPlan } from '../../jobs/plan-sync.js';
import type { OneOffPlan } from '../../src/scheduling/planned-jobs.js';

/** A delayed BullMQ job made at real time `timestamp`, due `delay` ms later. */
const delayedJob = (timestamp: number, delay: number) =>
  ({
    name: 'nudge-prompt',
    data: { engagementId: 'e1', promptId: 'p1' },
    timestamp,
    delay,
  }) as unknown as Job;

const planned = (runAt: number): OneOffPlan => ({
  name: 'nudge-prompt',
  id: 'e1.nudge.p1.once',
  runAt: new Date(runAt),
  dueAt: new Date(runAt),
  data: { engagementId: 'e1', promptId: 'p1' },
});

describe('planned jobs on a clock ahead of real time (the demo’s test skips ahead)', () => {
  const now = Date.now();

  it('match a queued job by its real due time: the planned time less how far the clock is ahead', () => {
    const job = delayedJob(now, 4_000);
    const aheadMs = 90_000;

    expect(jobMatchesPlan(job, 'delayed', planned(now + aheadMs + 4_000), aheadMs)).toBe(true);
    expect(jobMatchesPlan(job, 'delayed', planned(now + aheadMs + 4_000))).toBe(false);
  });

  it('on real time, match exactly as before (± 1 s)', () => {
    const job = delayedJob(now, 4_000);

    expect(jobMatchesPlan(job, 'delayed', planned(now + 4_500))).toBe(true);
    expect(jobMatchesPlan(job, 'delayed', planned(now + 6_000))).toBe(false);
  });

  it('a waiting job is due when its planned time, on the clock ahead, has come', () => {
    const job = delayedJob(now, 0);

    expect(jobMatchesPlan(job, 'waiting', planned(now + 60_000), 60_000)).toBe(true);
    expect(jobMatchesPlan(job, 'waiting', planned(now + 60_000))).toBe(false);
  });
});
