/**
 * The minute's prompt tick against one-by-one issuing, in one process on private PostgreSQL and Redis:
 * `count` engagements (default 1,000) whose weekly prompt falls due in the same minute. The tick's parts
 * (`--part` engagements each, pages of `--batch`) run one after the other in this process (`runPromptTickHere`),
 * as one worker would run them; with several worker processes they run in parallel. Measures, per prompt,
 * the SQL statements sent (every statement postgres.js sends: BEGIN and COMMIT included), the Redis commands
 * executed (INFO commandstats, commands run inside BullMQ's scripts included) and this process's CPU (the
 * core, drizzle, postgres.js, ioredis, BullMQ); the servers' CPU is not counted. Each side runs a warm-up
 * minute of 100 engagements first. Delivery is not part of it (no worker runs; the jobs are only queued).
 *
 *   npx tsx bench/tick/tick.bench.ts [--count 1000] [--batch 500] [--part 250]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { drizzle } from 'drizzle-orm/postgres-js';
import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import postgres from 'postgres';
import { createAesGcmCipher } from '../../adapters/crypto/aes-gcm.cipher.js';
import { createUnitOfWork } from '../../db/unit-of-work.js';
import { BullMqScheduler } from '../../jobs/bullmq-scheduler.js';
import type { JobDeps } from '../../jobs/job-definition.js';
import { ensureGlobalSchedules } from '../../jobs/plan-sync.js';
import { PROMPT_PART_SIZE, runPromptTickHere } from '../../jobs/prompt-tick.js';
import { openQueues } from '../../jobs/queues.js';
import { issueOneAndSchedule } from '../../jobs/reflection-prompt.job.js';
import type { Logger } from '../../src/ports/logger.js';
import { planningRules } from '../../src/scheduling/plan-engagement.js';
import { defaultSettings } from '../../src/use-cases/deps.js';
import { benchUserId, benchZones } from '../lib/bench-users.js';
import { printTable, progress, writeResult } from '../lib/report.js';
import { seedEngagements } from '../lib/seed.js';
import { type BenchServices, servicesNote, startBenchServices } from '../lib/services.js';
import { wipe } from '../schedules/redis-memory.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    batch: { type: 'string', default: '500' },
    part: { type: 'string', default: String(PROMPT_PART_SIZE) },
  },
});
const count = Number(values.count);
const batch = Number(values.batch);
const part = Number(values.part);
const WARM = 100;

const silent: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silent,
};

async function redisCommands(redis: Redis): Promise<number> {
  const info = await redis.info('commandstats');
  return [...info.matchAll(/calls=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
}

interface SideFigures {
  side: string;
  prompts: number;
  statementsPerPrompt: number;
  redisCommandsPerPrompt: number;
  cpuMsPerPrompt: number;
  wallMs: number;
  promptsPerSecond: number;
}

async function measure(services: BenchServices, side: 'tick' | 'one-by-one'): Promise<SideFigures> {
  const databaseUrl = await services.freshDatabase(`tick_${side.replace(/\W/g, '_')}`);
  await wipe(services.redisUrl);
  const dueAt = DateTime.utc().plus({ minutes: 5 }).startOf('minute');
  const warmAt = dueAt.minus({ minutes: 2 });
  const total = WARM + count;
  const clientOf = (n: number) => benchUserId(1 + n);
  const seeded = await seedEngagements({
    databaseUrl,
    count: total,
    hrUserId: benchUserId(0),
    clientOf,
    sponsorOf: (n) => benchUserId(1 + total + (n % 100)),
    coachOf: (n) => benchUserId(1 + total + 100 + (n % 50)),
    dmOf: (n) => `D${String(n).padStart(8, '0')}`,
    promptOf: (n) => {
      const local = (n < WARM ? warmAt : dueAt).setZone(benchZones[n % benchZones.length] as string);
      return { timeZone: local.zoneName ?? 'UTC', weekday: local.weekday, time: local.toFormat('HH:mm') };
    },
    startedAt: dueAt.minus({ weeks: 3, hours: 1 }).toJSDate(),
  });
  let statements = 0;
  const sql = postgres(databaseUrl, {
    max: 5,
    onnotice: () => {},
    debug: () => {
      statements += 1;
    },
  });
  const uow = createUnitOfWork(drizzle(sql));
  const queues = openQueues({ redisUrl: services.redisUrl, prefix: '{triad}' });
  const stats = new Redis(services.redisUrl);
  const settings = { ...defaultSettings, hrAdmins: [benchUserId(0)] };
  // The core's clock a little past each minute, as a tick runs: due prompts, not early ones.
  let now = warmAt.plus({ seconds: 2 }).toJSDate();
  const clock = { now: () => now };
  const rules = planningRules(settings);
  const deps: JobDeps = {
    uow,
    cipher: createAesGcmCipher([{ id: 'k1', key: randomBytes(32) }]),
    clock,
    ids: { newId: () => randomUUID() },
    logger: silent,
    scheduler: new BullMqScheduler(queues, { uow, clock, logger: silent, rules }),
    settings,
    messengers: {},
  };
  await ensureGlobalSchedules(queues);
  const run = async (minute: DateTime, ids: readonly string[]) => {
    if (side === 'tick') {
      await runPromptTickHere(queues, deps, minute.toJSDate(), { pageSize: batch, partSize: part });
      return;
    }
    for (const engagementId of ids) {
      await issueOneAndSchedule(queues, deps, { engagementId, dueAt: minute.toJSDate() });
    }
  };
  try {
    progress(`${side}: warm-up minute (${WARM} prompts)`);
    await run(warmAt, seeded.engagementIds.slice(0, WARM));
    now = dueAt.plus({ seconds: 2 }).toJSDate();
    progress(`${side}: ${count} prompts due in the same minute`);
    const [statementsBefore, commandsBefore] = [statements, await redisCommands(stats)];
    const cpu = process.cpuUsage();
    const began = performance.now();
    await run(dueAt, seeded.engagementIds.slice(WARM));
    const wallMs = performance.now() - began;
    const used = process.cpuUsage(cpu);
    const redisUsed = (await redisCommands(stats)) - commandsBefore - 1; // the INFO itself
    const statementsUsed = statements - statementsBefore;
    const [{ issued }] = (await sql`
      select count(*)::int as issued from reflection_prompts where sent_at >= ${dueAt.toISO() ?? ''}::timestamptz`) as [
      { issued: number },
    ];
    if (issued !== count) throw new Error(`${side}: ${issued} prompts issued, expected ${count}`);
    return {
      side,
      prompts: issued,
      statementsPerPrompt: round(statementsUsed / issued, 3),
      redisCommandsPerPrompt: round(redisUsed / issued, 2),
      cpuMsPerPrompt: round((used.user + used.system) / 1000 / issued, 3),
      wallMs: Math.round(wallMs),
      promptsPerSecond: Math.round((issued / wallMs) * 1000),
    };
  } finally {
    stats.disconnect();
    await queues.close();
    await sql.end({ timeout: 1 });
  }
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

const services = await startBenchServices();
try {
  const tick = await measure(services, 'tick');
  const single = await measure(services, 'one-by-one');
  const rows = [tick, single].map((f) => ({
    side: f.side,
    prompts: f.prompts,
    'SQL statements / prompt': f.statementsPerPrompt,
    'Redis commands / prompt': f.redisCommandsPerPrompt,
    'CPU ms / prompt': f.cpuMsPerPrompt,
    'wall ms': f.wallMs,
    'prompts / s': f.promptsPerSecond,
  }));
  printTable(`Issuing ${count} prompts due in the same minute (parts of ${part}, batch ${batch})`, rows);
  const path = writeResult('tick', {
    services: servicesNote,
    count,
    batch,
    part,
    scope:
      'issuing only: prompts, outbox rows, audit entries committed; delivery and nudge jobs queued (no delivery); CPU of this process only',
    sides: { tick, oneByOne: single },
    ratios: {
      statements: round(single.statementsPerPrompt / tick.statementsPerPrompt, 1),
      cpu: round(single.cpuMsPerPrompt / tick.cpuMsPerPrompt, 1),
    },
  });
  progress(`written ${path}`);
} finally {
  await services.stop();
}
