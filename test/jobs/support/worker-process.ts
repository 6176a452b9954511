/**
 * A worker process for fault tests: the real workers against the test's Postgres and Redis, delivering to the
 * test's message sink over HTTP. Configured by environment; prints "ready" when its workers run; closes them
 * gracefully on SIGTERM. Run with `node --import tsx test/jobs/support/worker-process.ts`.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { createAesGcmCipher } from '../../../adapters/crypto/aes-gcm.cipher.js';
import { createDatabase } from '../../../db/client.js';
import { createUnitOfWork } from '../../../db/unit-of-work.js';
import { BullMqScheduler } from '../../../jobs/bullmq-scheduler.js';
import { openQueues, triadKey } from '../../../jobs/queues.js';
import { documentedLimits, redisDeliveryPacer, redisPacer } from '../../../jobs/redis-pacer.js';
import { closeOnSignals, startWorkers } from '../../../jobs/workers.js';
import { systemClock } from '../../../src/ports/clock.js';
import { defaultSettings } from '../../../src/use-cases/deps.js';
import { httpMessenger } from '../../support/recording-messenger.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`worker-process needs ${name}`);
  return value;
};

const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
const database = createDatabase(env('DATABASE_URL'), { max: 4 });
const uow = createUnitOfWork(database.db, { logger });
const queues = openQueues({ redisUrl: env('REDIS_URL'), prefix: env('QUEUE_PREFIX') });
const clock = systemClock;
const running = await startWorkers(
  {
    uow,
    cipher: createAesGcmCipher([{ id: 'k1', key: Buffer.from(env('ENCRYPTION_KEY'), 'base64') }]),
    clock,
    ids: { newId: () => randomUUID() },
    logger,
    scheduler: new BullMqScheduler(queues, { uow, clock, logger }),
    settings: defaultSettings,
    messengers: { slack: httpMessenger(env('SINK_URL'), 'slack', env('WORKER_NAME')) },
    pacer: redisPacer(queues.redis, {
      intervalMs: Number(process.env.PACE_MS ?? '1000'),
      keyOf: (key) => triadKey(queues, 'pace', key),
      clock,
    }),
    deliveryPacer: redisDeliveryPacer(queues.redis, {
      limits: {
        ...documentedLimits,
        slack: {
          conversation: { perSecond: 1000 / Number(process.env.PACE_MS ?? '1000'), burst: 1 },
          tenant: { perSecond: 0, burst: 1 },
        },
      },
      keyOf: (key) => triadKey(queues, 'bucket', key),
      clock,
    }),
    deliveryPolicy: { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 2_000 },
  },
  queues,
  {
    // ROLES=schedule,delivery also takes scheduled jobs (the minute's prompt parts among them).
    roles: (process.env.ROLES ?? 'delivery').split(',') as ('schedule' | 'delivery')[],
    reconcileOnStart: process.env.RECONCILE === 'true',
    watchdogMs: 0,
    lockDuration: 2_000,
    stalledInterval: 1_000,
    deliveryConcurrency: Number(process.env.CONCURRENCY ?? '8'),
    deliveryLimit: { max: 1_000, duration: 1_000 },
    // DELIVERY_MODE=jobs: one job per entry; otherwise batches, with a short lease so a killed worker's claim
    // is taken over quickly (as the short job lock does for jobs).
    batch:
      process.env.DELIVERY_MODE === 'jobs'
        ? null
        : {
            size: Number(process.env.BATCH_SIZE ?? '50'),
            leaseMs: Number(process.env.LEASE_MS ?? '3000'),
            pollMs: 50,
            concurrency: 2,
          },
  },
);
closeOnSignals(running, async () => {
  await queues.close();
  await database.close();
  process.stdout.write('closed\n');
  process.exit(0);
});
process.stdout.write('ready\n');
