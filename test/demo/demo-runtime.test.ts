import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { demoTiming, startDemoRuntime } from '../../bin/demo/runtime.js';
import { openQueues } from '../../jobs/queues.js';
import { createTestCore } from '../support/core-deps.js';
import { httpMessenger } from '../support/recording-messenger.js';
import { testRedis } from '../support/test-redis.js';

const redis = testRedis();
afterAll(() => redis.cleanup());

describe('the demo runtime', () => {
  it('queues no delivery job per message: its workers deliver the outbox in batches', async () => {
    const core = createTestCore();
    const queues = openQueues({ redisUrl: redis.url, prefix: redis.prefix });
    // Paused, so a queued job stays where it can be counted instead of being run (and removed) at once.
    await queues.delivery.pause();
    const runtime = await startDemoRuntime({
      ...core,
      redisUrl: redis.url,
      queuePrefix: redis.prefix,
      messenger: httpMessenger('http://127.0.0.1:9', 'local'),
      timing: demoTiming,
    });
    try {
      await runtime.scheduler.deliver([randomUUID(), randomUUID()]);
      const counts = await queues.delivery.getJobCounts();
      expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBe(0);
    } finally {
      await runtime.close();
      await queues.close();
    }
  });
});
