import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobContext } from '../../jobs/job-definition.js';
import { runPromptTickHere } from '../../jobs/prompt-tick.js';
import { triadKey } from '../../jobs/queues.js';
import { buildRegistry } from '../../jobs/registry.js';
import type { Engagement } from '../../src/engagement/records.js';
import type { FakeSlack } from '../support/fake-slack/index.js';
import { engagementInCoaching } from './support/engagement-journey.js';
import { type JobRuntime, startJobRuntime } from './support/job-runtime.js';
import { fakeSlackPresence } from './support/slack-presence.js';

/**
 * Presence known before the first Monday: a started engagement's client is looked up once in the background
 * (the `client-presence` job) and stored, so the weekly tick asks Slack nothing for them. Real PostgreSQL and
 * Redis, the fake Slack Web API.
 */
let runtime: JobRuntime;
let fake: FakeSlack;
const registry = buildRegistry();
let presenceCalls: () => FakeSlack['calls'];

beforeAll(async () => {
  runtime = await startJobRuntime();
  ({ fake, presenceCalls } = await fakeSlackPresence(runtime));
});
afterEach(async () => {
  runtime.deps.clock.reset();
  fake.clearFaults();
  fake.calls.length = 0;
  await runtime.queues.redis.del(triadKey(runtime.queues, 'prompt-tick', 'covered'));
});
afterAll(async () => {
  await fake.close();
  await runtime.close();
});

/** Runs a queued schedule job by its id through the registry's handler, as a worker would. */
async function runQueued(jobId: string): Promise<unknown> {
  const job = await runtime.queues.schedule.getJob(jobId);
  if (!job) throw new Error(`no job ${jobId} queued`);
  const handler = registry.handlerFor('schedule', job.name);
  if (!handler) throw new Error(`no handler for ${job.name}`);
  await job.remove();
  const context = { job, token: undefined, deps: runtime.deps, queues: runtime.queues } as JobContext;
  return handler.handle(handler.schema.parse(job.data), context);
}

/** An engagement in coaching whose client the fake Slack workspace knows. */
async function started(): Promise<{ engagement: Engagement; userId: string }> {
  const engagement = await engagementInCoaching(runtime);
  const client = await runtime.deps.uow.read.people.get(engagement.clientId);
  if (!client) throw new Error('no client');
  fake.users.add({ id: client.platformUserId, name: client.displayName });
  return { engagement, userId: client.platformUserId };
}

const rowsOf = (userIds: readonly string[]) =>
  runtime.database.sql<Record<string, unknown>[]>`
    select * from presence_records where platform_user_id in ${runtime.database.sql(userIds)}`;

const aheadMinute = (days: number) => {
  const at = new Date(Date.now() + days * 24 * 3600_000);
  at.setUTCSeconds(0, 0);
  return at;
};

/** Moves the engagements' weekly slot to `at`, and runs that minute's tick. */
async function mondayFor(engagements: readonly Engagement[], at: Date) {
  for (const engagement of engagements) {
    const current = await runtime.deps.uow.read.engagements.get(engagement.id);
    if (!current) throw new Error('no engagement');
    const local = DateTime.fromJSDate(at, { zone: current.timeZone });
    await runtime.deps.uow.transaction((repos) =>
      repos.engagements.update({
        ...current,
        promptWeekday: local.weekday % 7,
        promptTime: local.toFormat('HH:mm'),
        version: current.version + 1,
      }),
    );
  }
  runtime.deps.clock.advanceTo(new Date(at.getTime() + 2_000));
  fake.calls.length = 0;
  return runPromptTickHere(runtime.queues, runtime.deps, at);
}

describe('presence learned when an engagement starts', () => {
  it('looks the new client up once in the background and stores it; their first Monday asks Slack nothing', async () => {
    const { engagement, userId } = await started();
    // The start itself asked Slack nothing: the lookup is a job.
    expect(presenceCalls()).toEqual([]);
    const job = await runtime.queues.schedule.getJob(`presence.${engagement.id}`);
    expect(job?.name).toBe('client-presence');
    expect(job?.data).toEqual({ engagementId: engagement.id });

    expect(await runQueued(`presence.${engagement.id}`)).toEqual({ missing: 1, asked: 1, stored: 1 });

    // One lookup of one person: Do Not Disturb and status, one call each.
    expect(presenceCalls().map((call) => [call.method, call.args.user])).toEqual(
      expect.arrayContaining([
        ['dnd.info', userId],
        ['users.profile.get', userId],
      ]),
    );
    expect(presenceCalls()).toHaveLength(2);
    const [row] = await rowsOf([userId]);
    expect(row).toMatchObject({ status_away: false, dnd_enabled: false });
    expect(row?.status_seen_at).toBeInstanceOf(Date);
    expect(row?.dnd_seen_at).toBeInstanceOf(Date);

    // Run again (a duplicate job): all is stored, nothing is asked.
    fake.calls.length = 0;
    await runtime.deps.scheduler.learnPresence(engagement.id);
    expect(await runQueued(`presence.${engagement.id}`)).toEqual({ missing: 0, asked: 0, stored: 0 });
    expect(presenceCalls()).toEqual([]);

    const { parts } = await mondayFor([engagement], aheadMinute(1));
    expect(parts).toMatchObject({ issued: 1, away: 0 });
    expect(presenceCalls()).toEqual([]);
  });

  it('a failing lookup neither fails nor delays the start, and the job ends quietly without storing', async () => {
    fake.setFault({ method: /^(dnd\.info|users\.profile\.get)$/, respond: { error: 'internal_error' } });
    const began = performance.now();
    const { engagement, userId } = await started();
    expect(performance.now() - began).toBeLessThan(10_000);
    expect(await runtime.deps.uow.read.engagements.get(engagement.id)).toMatchObject({ stage: 'coaching' });
    expect(presenceCalls()).toEqual([]);

    expect(await runQueued(`presence.${engagement.id}`)).toMatchObject({ missing: 1, stored: 0 });
    expect(await rowsOf([userId])).toEqual([]);
    expect(runtime.logLines.join('\n')).toContain('presence unknown; prompting anyway');
  });

  it('the start stands when the lookup cannot even be queued (Redis down)', async () => {
    const { scheduler } = runtime.deps;
    runtime.deps.scheduler = {
      deliver: (ids) => scheduler.deliver(ids),
      syncEngagement: (id) => scheduler.syncEngagement(id),
      forgetEngagement: (id, related) => scheduler.forgetEngagement(id, related),
      learnPresence: async () => {
        throw new Error('redis down');
      },
    };
    try {
      const { engagement } = await started();
      expect(await runtime.deps.uow.read.engagements.get(engagement.id)).toMatchObject({ stage: 'coaching' });
      expect(runtime.logLines.join('\n')).toContain('client presence not queued; the backfill looks it up');
    } finally {
      runtime.deps.scheduler = scheduler;
    }
  });
});
