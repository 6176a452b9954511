import { type Job, Worker } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { openQueues } from '../../jobs/queues.js';
import { promptSchedule } from '../../src/scheduling/plan-engagement.js';
import { engagementRecord } from '../scheduling/fixtures.js';
import { testRedis } from '../support/test-redis.js';
import { waitFor } from './support/wait-for.js';

const redis = testRedis();
afterAll(() => redis.cleanup());

/**
 * The weekly prompt's cron (from the planner) run by BullMQ's own job scheduler: each delayed run is promoted
 * and processed, and BullMQ computes the next one from the run it just made. Nothing sleeps for days.
 */
async function firedInstants(zone: string, startDate: string, runs: number): Promise<string[]> {
  const engagement = engagementRecord({ timeZone: zone, promptWeekday: 1, promptTime: '09:30' });
  const plan = promptSchedule(engagement);
  const queues = openQueues({
    redisUrl: redis.url,
    prefix: redis.prefix,
    names: { schedule: `dst-${engagement.id}` },
  });
  const fired: number[] = [];
  const worker = new Worker(
    queues.names.schedule,
    async (job: Job) => {
      fired.push(Number((job.opts as { prevMillis?: number }).prevMillis));
    },
    { connection: queues.connection(), prefix: queues.prefix },
  );
  try {
    await queues.schedule.upsertJobScheduler(
      plan.id,
      { pattern: plan.pattern, tz: plan.tz, startDate },
      { name: 'reflection-prompt', data: { engagementId: engagement.id } },
    );
    for (let run = 1; run <= runs; run += 1) {
      const next = await waitFor('the next scheduled run', async () => {
        const [delayed] = await queues.schedule.getDelayed();
        return delayed && !fired.includes(Number((delayed.opts as { prevMillis?: number }).prevMillis))
          ? delayed
          : undefined;
      });
      await next.promote();
      await waitFor('the run to be processed', () => fired.length === run);
    }
    return fired.map((ms) => new Date(ms).toISOString());
  } finally {
    await worker.close();
    await queues.schedule.obliterate({ force: true });
    await queues.close();
  }
}

describe('weekly prompts across daylight-saving changes (Monday 09:30 local)', () => {
  it.each([
    [
      'America/New_York, spring forward (14 March 2027)',
      'America/New_York',
      '2027-03-01T00:00:00Z',
      [
        '2027-03-01T14:30:00.000Z',
        '2027-03-08T14:30:00.000Z',
        '2027-03-15T13:30:00.000Z',
        '2027-03-22T13:30:00.000Z',
      ],
    ],
    [
      'America/New_York, fall back (7 November 2027)',
      'America/New_York',
      '2027-10-25T00:00:00Z',
      [
        '2027-10-25T13:30:00.000Z',
        '2027-11-01T13:30:00.000Z',
        '2027-11-08T14:30:00.000Z',
        '2027-11-15T14:30:00.000Z',
      ],
    ],
    [
      'Europe/London, clocks go forward (28 March 2027)',
      'Europe/London',
      '2027-03-15T00:00:00Z',
      [
        '2027-03-15T09:30:00.000Z',
        '2027-03-22T09:30:00.000Z',
        '2027-03-29T08:30:00.000Z',
        '2027-04-05T08:30:00.000Z',
      ],
    ],
    [
      'Europe/London, clocks go back (31 October 2027)',
      'Europe/London',
      '2027-10-18T00:00:00Z',
      [
        '2027-10-18T08:30:00.000Z',
        '2027-10-25T08:30:00.000Z',
        '2027-11-01T09:30:00.000Z',
        '2027-11-08T09:30:00.000Z',
      ],
    ],
    [
      'Asia/Kolkata, which has no daylight saving, over the same weeks',
      'Asia/Kolkata',
      '2027-03-01T00:00:00Z',
      [
        '2027-03-01T04:00:00.000Z',
        '2027-03-08T04:00:00.000Z',
        '2027-03-15T04:00:00.000Z',
        '2027-03-22T04:00:00.000Z',
      ],
    ],
  ])('%s', async (_label, zone, startDate, expected) => {
    expect(await firedInstants(zone, startDate, expected.length)).toEqual(expected);
  });
});
