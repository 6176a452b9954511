import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createAesGcmCipher } from '../../../adapters/crypto/aes-gcm.cipher.js';
import { createDatabase } from '../../../db/client.js';
import { createUnitOfWork } from '../../../db/unit-of-work.js';
import { BullMqScheduler } from '../../../jobs/bullmq-scheduler.js';
import type { JobDeps } from '../../../jobs/job-definition.js';
import { openQueues, type TriadQueues } from '../../../jobs/queues.js';
import type { Messenger } from '../../../src/ports/messenger.js';
import { planningRules } from '../../../src/scheduling/plan-engagement.js';
import { type CoreSettings, defaultSettings } from '../../../src/use-cases/deps.js';
import { capturingLogger, fakeDirectory } from '../../support/core-deps.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { type TestRedis, testRedis } from '../../support/test-redis.js';

/** The real clock, which a test can move forward (what the core sees; BullMQ keeps real time). */
export function offsetClock() {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advanceTo: (at: Date) => {
      offset = Math.max(offset, at.getTime() - Date.now());
    },
    reset: () => {
      offset = 0;
    },
  };
}

export interface JobRuntime {
  deps: JobDeps & { directory: ReturnType<typeof fakeDirectory>; clock: ReturnType<typeof offsetClock> };
  queues: TriadQueues;
  database: TestDatabase;
  redis: TestRedis;
  /** The encryption key, base64, for worker child processes. */
  encryptionKey: string;
  logLines: string[];
  close(): Promise<void>;
}

/**
 * Real Postgres (a fresh database for this file), real Redis (this file's prefix), the real clock, the core
 * wired to the BullMQ scheduler: what a worker or app process has, minus the platform.
 */
export async function startJobRuntime(
  options: { messengers?: JobDeps['messengers']; redisUrl?: string; settings?: Partial<CoreSettings> } = {},
): Promise<JobRuntime> {
  const database = await createTestDatabase();
  const handle = createDatabase(database.url, { max: 5 });
  const redis = options.redisUrl ? ownRedis(options.redisUrl) : testRedis();
  const queues = openQueues({ redisUrl: redis.url, prefix: redis.prefix });
  const { logger, lines } = capturingLogger();
  const key = Buffer.from(randomUUID().replaceAll('-', ''), 'utf8');
  const uow = createUnitOfWork(handle.db);
  const clock = offsetClock();
  const settings: CoreSettings = { ...defaultSettings, hrAdmins: ['UHR'], ...options.settings };
  const deps = {
    uow,
    cipher: createAesGcmCipher([{ id: 'k1', key }]),
    clock,
    ids: { newId: () => randomUUID() },
    logger,
    scheduler: new BullMqScheduler(queues, { uow, clock, logger, rules: planningRules(settings) }),
    settings,
    directory: fakeDirectory(),
    messengers: (options.messengers ?? {}) as Partial<Record<string, Messenger>>,
  };
  return {
    deps,
    queues,
    database,
    redis,
    encryptionKey: key.toString('base64'),
    logLines: lines,
    close: async () => {
      await queues.close();
      await redis.cleanup();
      await handle.close();
      await database.drop();
    },
  };
}

/** A Redis this test file started for itself: the production prefix, nothing to clean (it is thrown away). */
function ownRedis(url: string): TestRedis {
  return {
    url,
    prefix: '{triad}',
    connection: () => new Redis(url, { maxRetriesPerRequest: null }),
    cleanup: async () => {},
  };
}

/** The scheduler's dependencies as the runtime's BullMQ scheduler has them (its planning rules included). */
export const schedulerDepsOf = (runtime: JobRuntime) => ({
  uow: runtime.deps.uow,
  clock: runtime.deps.clock,
  logger: runtime.deps.logger,
  rules: planningRules(runtime.deps.settings),
});
