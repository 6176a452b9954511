import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DateTime } from 'luxon';
import postgres from 'postgres';
import { slackStats } from '../ack/triad-app.js';
import { benchUserId, benchZones } from '../lib/bench-users.js';
import { startChild } from '../lib/child.js';
import { cpuSeconds, postgresCpuSeconds } from '../lib/cpu.js';
import { progress } from '../lib/report.js';
import { seedEngagements } from '../lib/seed.js';
import type { BenchServices } from '../lib/services.js';
import { openDms } from '../lib/slack-calls.js';
import { type LatencySummary, round, summarise } from '../lib/stats.js';
import { triadEnv } from '../lib/triad-env.js';
import { waitFor } from '../lib/wait.js';
import { redisCpuSeconds, wipe } from '../schedules/redis-memory.js';
import type { FanoutFigures } from './bare-bullmq.js';

/** The worker settings of the `tuned` variant, given as configuration (0 per second: no global cap). */
export interface WorkerTuning {
  deliveryConcurrency: number;
  scheduleConcurrency: number;
  deliveryPerSecond: number;
}

export interface TriadFanoutOptions {
  services: BenchServices;
  /** `shipped`: bin/worker.ts with its defaults; `tuned`: the same wiring with `tuning`. */
  variant: 'shipped' | 'tuned';
  tuning?: WorkerTuning;
  count: number;
  slackApiUrl: string;
  statsUrl: string;
  /** The fake Slack's process, for its CPU time. */
  slackPid: number;
  /** Compiled bin/worker.js (shipped) or the tuned worker (the same wiring, settings from configuration). */
  workerEntry: string;
  runDir: string;
  cpuProfileDir?: string;
}

export interface TriadFanoutFigures extends FanoutFigures {
  variant: string;
  tuning?: WorkerTuning;
  /** When the prompts were written (outbox committed), against the due time. */
  issuedLatenessMs: LatencySummary;
  workerPeakRssBytes: number;
  /** Schedules rebuilt by the worker at start-up before the due minute. */
  startupMs: number;
  /** CPU seconds each process used from the due time to the last delivery: where the time went. */
  cpuSeconds: { window: number; worker: number; postgres: number; redis: number; fakeSlack: number };
}

/** People of the fan-out: HR 0, clients 1…count, 100 sponsors and 50 coaches after them. */
export const fanoutUsers = (count: number) => count + 151;
const client = (n: number) => benchUserId(1 + n);
const sponsor = (count: number, n: number) => benchUserId(1 + count + (n % 100));
const coach = (count: number, n: number) => benchUserId(1 + count + 100 + (n % 50));

/**
 * `count` engagements in four zones whose weekly prompt falls due at the same UTC minute. The worker starts
 * (rebuilding every schedule from Postgres), the minute comes, and every prompt is issued through the core and
 * delivered through the outbox to the fake Slack. Lateness is the fake Slack's arrival time minus the due time.
 */
export async function measureTriadFanout(options: TriadFanoutOptions): Promise<TriadFanoutFigures> {
  const { count } = options;
  const databaseUrl = await options.services.freshDatabase(`fanout_${options.variant}`);
  await wipe(options.services.redisUrl);
  progress(`${options.variant}: opening ${count} DMs and seeding ${count} engagements`);
  const clients = Array.from({ length: count }, (_, n) => client(n));
  const dms = await openDms(options.slackApiUrl, clients);
  // The due minute leaves time for the worker to rebuild every schedule first.
  const dueAt = DateTime.utc()
    .plus({ milliseconds: 60_000 + count * 15 })
    .endOf('minute')
    .plus({ milliseconds: 1 });
  const dueMs = dueAt.toMillis();
  await seedEngagements({
    databaseUrl,
    count,
    hrUserId: benchUserId(0),
    clientOf: client,
    sponsorOf: (n) => sponsor(count, n),
    coachOf: (n) => coach(count, n),
    dmOf: (n) => dms[n],
    promptOf: (n) => {
      const local = dueAt.setZone(benchZones[n % benchZones.length] as string);
      return { timeZone: local.zoneName ?? 'UTC', weekday: local.weekday, time: local.toFormat('HH:mm') };
    },
    startedAt: dueAt.minus({ weeks: 3, hours: 1 }).toJSDate(),
  });

  const logFile = join(options.runDir, `worker-${options.variant}.log`);
  const began = Date.now();
  const tuning = options.variant === 'tuned' ? options.tuning : undefined;
  const worker = await startChild({
    entry: options.workerEntry,
    env: {
      ...triadEnv({
        databaseUrl,
        redisUrl: options.services.redisUrl,
        slackApiUrl: options.slackApiUrl,
        hrUserId: benchUserId(0),
      }),
      ...(tuning
        ? {
            DELIVERY_CONCURRENCY: String(tuning.deliveryConcurrency),
            SCHEDULE_CONCURRENCY: String(tuning.scheduleConcurrency),
            DELIVERY_RATE_PER_SECOND: String(tuning.deliveryPerSecond),
          }
        : {}),
    },
    ready: { kind: 'log', pattern: /"msg":"worker ready"/ },
    stdoutFile: logFile,
    timeoutMs: Math.max(60_000, dueMs - Date.now()),
    ...(options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {}),
  });
  const startupMs = Date.now() - began;
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const cpuSnapshot = async (workerPid: number) => ({
    worker: cpuSeconds(workerPid),
    postgres: postgresCpuSeconds(options.services.postgres.dataDir),
    redis: await redisCpuSeconds(options.services.redisUrl),
    fakeSlack: cpuSeconds(options.slackPid),
  });
  try {
    if (Date.now() > dueMs - 2_000)
      throw new Error('the worker was not ready before the due minute; raise the lead time');
    progress(`${options.variant}: worker ready in ${startupMs} ms; prompts due at ${dueAt.toISO()}`);
    let peakRss = worker.rss();
    await sleep(Math.max(0, dueMs - Date.now()));
    const cpuBefore = await cpuSnapshot(worker.pid);
    await waitFor(
      async () => {
        peakRss = Math.max(peakRss, worker.rss());
        return (await slackStats(options.statsUrl)).byMethod['chat.postMessage']?.ok ?? 0;
      },
      (delivered) => delivered >= count,
      count * 200 + 120_000,
      120_000,
    );
    const cpuAfter = await cpuSnapshot(worker.pid);
    const response = await fetch(`${options.statsUrl}?times=chat.postMessage`);
    const times = ((await response.json()) as { times: number[] }).times;
    const last = Math.max(...times);
    const issued = await sql<{ at: Date }[]>`select sent_at as at from reflection_prompts`;
    const elapsedMs = last - dueMs;
    return {
      variant: options.variant,
      ...(tuning ? { tuning } : {}),
      jobs: times.length,
      elapsedMs,
      perSecond: round((times.length / Math.max(1, elapsedMs)) * 1000, 1),
      latenessMs: summarise(times.map((t) => t - dueMs)),
      issuedLatenessMs: summarise(issued.map((row) => row.at.getTime() - dueMs)),
      workerPeakRssBytes: peakRss,
      startupMs,
      cpuSeconds: {
        window: round((Date.now() - dueMs) / 1000, 1),
        worker: round(cpuAfter.worker - cpuBefore.worker, 1),
        postgres: round(cpuAfter.postgres - cpuBefore.postgres, 1),
        redis: round(cpuAfter.redis - cpuBefore.redis, 1),
        fakeSlack: round(cpuAfter.fakeSlack - cpuBefore.fakeSlack, 1),
      },
    };
  } finally {
    await sql.end({ timeout: 1 });
    await worker.stop(30_000);
  }
}
