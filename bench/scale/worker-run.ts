import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { DateTime } from 'luxon';
import postgres from 'postgres';
import { slackStats } from '../ack/triad-app.js';
import { startChild } from '../lib/child.js';
import { childrenOf, cpuSeconds, postgresCpuSeconds } from '../lib/cpu.js';
import { progress } from '../lib/report.js';
import type { BenchServices } from '../lib/services.js';
import { type LatencySummary, round, summarise } from '../lib/stats.js';
import { triadEnv } from '../lib/triad-env.js';
import { waitFor } from '../lib/wait.js';
import { workerNodeFlags, workerNodeOptions } from '../lib/worker-node-options.js';
import { redisCpuSeconds, usedMemory, wipe } from '../schedules/redis-memory.js';
import { hrUserId, type ScaleSeed, setDueSlot } from './seed-scale.js';

/** The worker's Node options as `npm run worker` ships them (its heap cap, its young generation). */
export const WORKER_NODE_OPTIONS = workerNodeOptions();

export interface WorkerRunOptions {
  services: BenchServices;
  databaseUrl: string;
  seed: Pick<ScaleSeed, 'due' | 'dueZone' | 'otherZones' | 'engagements'>;
  workerEntry: string;
  slackApiUrl: string;
  statsUrl: string;
  slackPid: number;
  logFile: string;
  cpuProfileDir?: string;
}

export interface ProcessFigures {
  role: 'primary' | 'worker';
  pid: number;
  peakRssBytes: number;
  /** Peak RSS while the worker rebuilt the schedules at start-up (before it was ready). */
  startupPeakRssBytes: number;
  cpuSecondsFanout: number;
}

export interface WorkerRunFigures {
  processes: ProcessFigures[];
  /** From starting bin/worker.ts on a wiped Redis to every worker process logging "worker ready". */
  readyAfterWipeMs: number;
  /** Redis used_memory after the worker rebuilt everything, minus the empty Redis, per engagement. */
  redisBytesPerEngagementAfterStart: number;
  /** The same after the fan-out (delivery and nudge jobs of the due prompts added, deliveries done). */
  redisBytesPerEngagementAfterFanout: number;
  dueAt: string;
  prompts: number;
  delivered: number;
  /** Due minute to the first and last prompt committed (sent_at). */
  firstPromptMs: number;
  lastPromptMs: number;
  /** Due minute to the last chat.postMessage the fake Slack answered. */
  lastDeliveryMs: number;
  deliveryLatenessMs: LatencySummary;
  deliveredPerSecond: number;
  presenceCalls: number;
  cpuSeconds: { window: number; workers: number; postgres: number; redis: number; fakeSlack: number };
  tickReports: unknown[];
}

/**
 * Starts `bin/worker.ts` as shipped (compiled, plain node, its heap option, WORKER_PROCESSES unset: one process
 * per core) on a wiped Redis, waits until every process is ready (process 0 rebuilds the schedules first), then
 * moves the due group's slot to the next minute and measures the fan-out: the minute's tick issuing every prompt
 * and the delivery to the fake Slack. RSS of every process is sampled throughout.
 */
export async function measureWorkerRun(options: WorkerRunOptions): Promise<WorkerRunFigures> {
  const { services, seed } = options;
  await wipe(services.redisUrl);
  const emptyRedis = await usedMemory(services.redisUrl);
  const began = Date.now();
  const child = await startChild({
    entry: options.workerEntry,
    nodeFlags: workerNodeFlags(),
    env: {
      ...triadEnv({
        databaseUrl: options.databaseUrl,
        redisUrl: services.redisUrl,
        slackApiUrl: options.slackApiUrl,
        hrUserId,
      }),
    },
    ready: { kind: 'log', pattern: /"msg":"worker ready"/ },
    stdoutFile: options.logFile,
    timeoutMs: 20 * 60_000,
    ...(options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {}),
  });
  const peaks = new Map<number, { peak: number; startup: number }>();
  const sample = () => {
    for (const pid of [child.pid, ...childrenOf(child.pid)]) {
      const rss = rssOf(pid);
      if (Number.isNaN(rss)) continue;
      const entry = peaks.get(pid) ?? { peak: 0, startup: 0 };
      entry.peak = Math.max(entry.peak, rss);
      peaks.set(pid, entry);
    }
  };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      sample();
      await sleep(100);
    }
  })();
  const sql = postgres(options.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const workers = childrenOf(child.pid).length || 1;
    await waitFor(
      async () => (readFileSync(options.logFile, 'utf8').match(/"msg":"worker ready"/g) ?? []).length,
      (ready) => ready >= workers,
      20 * 60_000,
      20 * 60_000,
    );
    const readyAfterWipeMs = Date.now() - began;
    sample();
    for (const entry of peaks.values()) entry.startup = entry.peak;
    const afterStart = await usedMemory(services.redisUrl);
    progress(`worker: ${workers} processes ready ${readyAfterWipeMs} ms after starting on a wiped Redis`);

    // The due minute: the next whole minute at least 20 s away, and the due group's slot moved to it.
    let dueAt = DateTime.utc().plus({ seconds: 20 }).startOf('minute').plus({ minutes: 1 });
    try {
      await setDueSlot(options.databaseUrl, seed, dueAt);
    } catch {
      dueAt = dueAt.plus({ minutes: 1 });
      await setDueSlot(options.databaseUrl, seed, dueAt);
    }
    const dueMs = dueAt.toMillis();
    progress(`fan-out: ${seed.due} prompts due at ${dueAt.toISO()} in ${seed.dueZone}`);
    await sleep(Math.max(0, dueMs - Date.now()));
    const cpuBefore = await cpuSnapshot(options, child.pid);
    await waitFor(
      // Once a second: the fake counts every call it recorded for each answer, which is not free at 100,000 calls.
      async () => {
        await sleep(900);
        return (await slackStats(options.statsUrl)).byMethod['chat.postMessage']?.ok ?? 0;
      },
      (delivered) => delivered >= seed.due,
      30 * 60_000,
      120_000,
    );
    const cpuAfter = await cpuSnapshot(options, child.pid);
    const windowMs = Date.now() - dueMs;
    const stats = await slackStats(options.statsUrl);
    const response = await fetch(`${options.statsUrl}?times=chat.postMessage`);
    const times = ((await response.json()) as { times: number[] }).times;
    const [span] = await sql<{ first: Date; last: Date; count: number }[]>`
      select min(sent_at) as first, max(sent_at) as last, count(*)::int as count
      from reflection_prompts where sent_at >= ${dueAt.toJSDate()}`;
    // Let the nudge jobs settle (added after each batch's commit) before Redis is measured.
    await sleep(2_000);
    const afterFanout = await usedMemory(services.redisUrl);
    const last = Math.max(...times);
    const perEngagement = (bytes: number) => Math.round((bytes - emptyRedis) / seed.engagements);
    return {
      processes: [...peaks].map(([pid, entry]) => ({
        role: pid === child.pid && peaks.size > 1 ? 'primary' : 'worker',
        pid,
        peakRssBytes: entry.peak,
        startupPeakRssBytes: entry.startup,
        cpuSecondsFanout: round((cpuAfter.perPid.get(pid) ?? 0) - (cpuBefore.perPid.get(pid) ?? 0), 1),
      })),
      readyAfterWipeMs,
      redisBytesPerEngagementAfterStart: perEngagement(afterStart),
      redisBytesPerEngagementAfterFanout: perEngagement(afterFanout),
      dueAt: dueAt.toISO() ?? '',
      prompts: span?.count ?? 0,
      delivered: times.length,
      firstPromptMs: (span?.first.getTime() ?? Number.NaN) - dueMs,
      lastPromptMs: (span?.last.getTime() ?? Number.NaN) - dueMs,
      lastDeliveryMs: last - dueMs,
      deliveryLatenessMs: summarise(times.map((t) => t - dueMs)),
      deliveredPerSecond: round((times.length / Math.max(1, last - dueMs)) * 1000, 1),
      presenceCalls: ['dnd.info', 'dnd.teamInfo', 'users.profile.get'].reduce(
        (sum, method) => sum + (stats.byMethod[method]?.ok ?? 0),
        0,
      ),
      cpuSeconds: {
        window: round(windowMs / 1000, 1),
        workers: round(cpuAfter.workers - cpuBefore.workers, 1),
        postgres: round(cpuAfter.postgres - cpuBefore.postgres, 1),
        redis: round(cpuAfter.redis - cpuBefore.redis, 1),
        fakeSlack: round(cpuAfter.fakeSlack - cpuBefore.fakeSlack, 1),
      },
      tickReports: tickReports(options.logFile),
    };
  } finally {
    sampling = false;
    await sampler;
    await sql.end({ timeout: 1 });
    await child.stop(30_000);
  }
}

async function cpuSnapshot(options: WorkerRunOptions, primary: number) {
  const pids = [primary, ...childrenOf(primary)];
  const perPid = new Map(pids.map((pid) => [pid, cpuSeconds(pid)]));
  return {
    perPid,
    workers: [...perPid.values()].reduce((a, b) => a + b, 0),
    postgres: postgresCpuSeconds(options.services.postgres.dataDir),
    redis: await redisCpuSeconds(options.services.redisUrl),
    fakeSlack: cpuSeconds(options.slackPid),
  };
}

function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** The tick's own reports (`"msg":"prompt tick"` lines) that issued something. */
function tickReports(logFile: string): unknown[] {
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"msg":"prompt tick"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((report) => Number(report.issued ?? 0) > 0 || Number(report.repaired ?? 0) > 0)
    .map(({ issued, single, away, skipped, repaired, slots, from, to, pid }) => ({
      pid,
      from,
      to,
      slots,
      issued,
      single,
      away,
      skipped,
      repaired,
    }));
}
