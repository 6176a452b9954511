import { describe, expect, it } from 'vitest';
import type { JobContext } from '../../../jobs/job-definition.js';
import { retentionPurgeJob } from '../../../jobs/retention-purge.job.js';
import {
  PROCESSED_REQUEST_RETENTION_MS,
  purgeProcessedRequests,
} from '../../../src/use-cases/retention/purge-processed-requests.js';
import { createTestCore, type TestCore } from '../../support/core-deps.js';

const DAY_MS = 24 * 3_600_000;

/** Records a request key the way the Slack and Teams adapters do: true when it is the first time. */
const claim = (core: TestCore, key: string) =>
  core.uow.transaction((repos) =>
    repos.processed.insert({ key, outcome: { via: 'test' }, createdAt: core.clock.now() }),
  );

const stored = async (core: TestCore, keys: string[]) => {
  const found: string[] = [];
  for (const key of keys) if (await core.uow.read.processed.get(key)) found.push(key);
  return found;
};

describe('purgeProcessedRequests', () => {
  it('deletes request keys older than a week and keeps recent ones and once-for-good markers', async () => {
    const core = createTestCore();
    const old = [
      'slack:event:Ev1',
      'slack:command:1.2.abc',
      'teams:activity:conv:1',
      'goal-draft:slack:view:V1:h',
    ];
    const marker = 'teams:engagement:e1:setup:coaching:c1';
    for (const key of [...old, marker]) expect(await claim(core, key)).toBe(true);
    core.clock.advance(6 * DAY_MS);
    const recent = ['slack:action:U1:1.5', 'reflection-dm:teams:msg:9'];
    for (const key of recent) await claim(core, key);
    core.clock.advance(DAY_MS + 1);

    const result = await purgeProcessedRequests({}, core);

    expect(result).toEqual({ deleted: old.length, complete: true });
    expect(await stored(core, [...old, ...recent, marker])).toEqual([...recent, marker]);
  });

  it('drops a retry inside the window, and lets the same request run again only once the window is over', async () => {
    const core = createTestCore();
    const key = 'slack:event:EvRetried';
    expect(await claim(core, key)).toBe(true);
    core.clock.advance(PROCESSED_REQUEST_RETENTION_MS - 1);
    await purgeProcessedRequests({}, core);
    expect(await claim(core, key)).toBe(false);
    core.clock.advance(2);
    expect(await purgeProcessedRequests({}, core)).toMatchObject({ deleted: 1 });
    expect(await claim(core, key)).toBe(true);
  });

  it('works through a backlog in bounded batches and leaves the rest for the next run', async () => {
    const core = createTestCore();
    const keys = Array.from({ length: 7 }, (_, i) => `slack:event:Ev${i}`);
    for (const key of keys) await claim(core, key);
    core.clock.advance(8 * DAY_MS);
    expect(await purgeProcessedRequests({ batchSize: 2, maxBatches: 2 }, core)).toEqual({
      deleted: 4,
      complete: false,
    });
    expect(await stored(core, keys)).toHaveLength(3);
    expect(await purgeProcessedRequests({ batchSize: 2, maxBatches: 2 }, core)).toEqual({
      deleted: 3,
      complete: true,
    });
    expect(await stored(core, keys)).toEqual([]);
  });

  it('refuses a window shorter than an hour, which would let platform retries through', async () => {
    const core = createTestCore();
    await expect(purgeProcessedRequests({ olderThanMs: 60_000 }, core)).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('runs in the daily retention job', async () => {
    const core = createTestCore();
    await claim(core, 'slack:event:EvJob');
    core.clock.advance(8 * DAY_MS);
    const deps = { ...core, messengers: {} };
    const result = await retentionPurgeJob.handle({}, { deps } as unknown as JobContext);
    expect(result).toEqual({ purged: 0, failed: 0, requestKeysDeleted: 1 });
    expect(await core.uow.read.processed.get('slack:event:EvJob')).toBeUndefined();
  });
});
