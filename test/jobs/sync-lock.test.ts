import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { triadKey } from '../../jobs/queues.js';
import { lockEngagements, releaseEngagementLocks } from '../../jobs/sync-lock.js';
import { testRedis } from '../support/test-redis.js';

const redisAccess = testRedis();
const redis = redisAccess.connection();
afterAll(() => redisAccess.cleanup());

describe('sync locks of a page', () => {
  // The file's prefix is a hash tag (one slot: one script call); under a plain prefix each lock goes on its own.
  for (const prefix of [redisAccess.prefix, `${redisAccess.prefix.slice(1, -1)}-plain`]) {
    it(`are released together, except one another process holds now (prefix ${prefix === redisAccess.prefix ? 'with' : 'without'} a hash tag)`, async () => {
      const queues = { redis, prefix };
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      const lockKey = (id: string) => triadKey(queues, 'sync-lock', id);
      await redis.set(lockKey(ids[2] as string), 'someone-else', 'PX', 30_000);
      const held = await lockEngagements(queues, ids);
      expect([...held.keys()].sort()).toEqual([ids[0], ids[1]].sort());
      // The first lock ran out and another process took it meanwhile: it stays theirs.
      await redis.set(lockKey(ids[0] as string), 'taken-over', 'PX', 30_000);
      await releaseEngagementLocks(queues, held);
      expect(await redis.get(lockKey(ids[0] as string))).toBe('taken-over');
      expect(await redis.get(lockKey(ids[1] as string))).toBeNull();
      expect(await redis.get(lockKey(ids[2] as string))).toBe('someone-else');
      await redis.del(lockKey(ids[0] as string), lockKey(ids[2] as string));
    });
  }
});
