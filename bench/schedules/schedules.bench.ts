/**
 * `npm run bench:schedules` — 100,000 scheduled future jobs (weekly prompt schedulers and meeting reminders)
 * planned from Postgres: Redis memory per job, the worker's RSS, and the time to rebuild them all after Redis
 * is wiped — Triad's reconciliation in-process, and `bin/worker.ts` starting on an empty Redis — against bare
 * BullMQ holding the same number of delayed jobs on the same Redis. `-- --quick`: 10,000 jobs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { benchUserId } from '../lib/bench-users.js';
import { buildForBench } from '../lib/build.js';
import { startChild } from '../lib/child.js';
import { warnIfBusy } from '../lib/machine.js';
import { printTable, printTargets, progress, type TargetCheck, writeResult } from '../lib/report.js';
import { seedEngagements } from '../lib/seed.js';
import { servicesNote, startBenchServices } from '../lib/services.js';
import { ratio, round } from '../lib/stats.js';
import { triadEnv } from '../lib/triad-env.js';
import { workerNodeOptions } from '../lib/worker-node-options.js';
import { type BareScheduleFigures, measureBareSchedules } from './bare-schedules.js';
import { keyCount, wipe } from './redis-memory.js';
import { measureReconcile, type ReconcileFigures } from './triad-schedules.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const target = values.quick ? 10_000 : 100_000;
/** Per engagement: its prompt scheduler, 3 reminders for each of the mid-point and closing, 2 for a session. */
const JOBS_PER_ENGAGEMENT = 9;
const engagements = Math.ceil(target / JOBS_PER_ENGAGEMENT);
const DAY = 24 * 3600_000;
const MiB = 2 ** 20;
const runDir = mkdtempSync(join(tmpdir(), 'triad-bench-schedules-'));
/**
 * V8 sizes the heap from the allocation rate: during a rebuild it grows to ~3 × the live heap unless the old
 * generation is capped below 1 GB, which also lowers its growing factor. The worker ships with this option
 * (docker-compose, the Dockerfile's worker command, `npm run worker`); measured with it and without it.
 */
/** The worker's Node options as `npm run worker` ships them. */
const WORKER_HEAP_OPTION = workerNodeOptions();

interface WorkerFigures {
  readyAfterWipeMs: number;
  rssBytes: number;
  peakRssBytes: number;
  keys: number;
}

/** Starts `bin/worker.ts` on a wiped Redis, waits until it is ready, then samples its RSS for 10 s. */
async function measureWorker(
  services: { databaseUrl: string; redisUrl: string },
  nodeOptions: string | undefined,
): Promise<WorkerFigures> {
  await wipe(services.redisUrl);
  const began = Date.now();
  const env = triadEnv({
    databaseUrl: services.databaseUrl,
    redisUrl: services.redisUrl,
    slackApiUrl: 'http://127.0.0.1:9/api/',
    hrUserId: benchUserId(0),
  });
  const child = await startChild({
    entry: compiled('bin/worker.ts'),
    env: nodeOptions ? { ...env, NODE_OPTIONS: nodeOptions } : env,
    ready: { kind: 'log', pattern: /"msg":"worker ready"/ },
    stdoutFile: join(runDir, nodeOptions ? 'worker-heap-option.log' : 'worker.log'),
    timeoutMs: 15 * 60_000,
  });
  const readyAfterWipeMs = Date.now() - began;
  let peak = child.rss();
  for (let i = 0; i < 20; i += 1) {
    await sleep(500);
    peak = Math.max(peak, child.rss());
  }
  const figures = {
    readyAfterWipeMs,
    rssBytes: child.rss(),
    peakRssBytes: peak,
    keys: await keyCount(services.redisUrl),
  };
  await child.stop(30_000);
  return figures;
}

warnIfBusy(progress);
const compiled = buildForBench();
progress('starting private PostgreSQL and Redis');
const services = await startBenchServices();
const bare: BareScheduleFigures[] = [];
let triad: ReconcileFigures | undefined;
const workers: WorkerFigures[] = [];
try {
  for (const payload of ['minimal', 'triad-sized'] as const) {
    progress(`bare BullMQ: ${target} delayed jobs (${payload} payload)`);
    bare.push(
      await measureBareSchedules(
        services.redisUrl,
        target,
        payload,
        compiled('bench/fanout/bare-worker.process.ts'),
      ),
    );
  }
  progress(`seeding ${engagements} engagements with future meetings`);
  const now = Date.now();
  await seedEngagements({
    databaseUrl: services.databaseUrl,
    count: engagements,
    hrUserId: benchUserId(0),
    clientOf: (n) => benchUserId(1 + n),
    sponsorOf: (n) => benchUserId(1 + engagements + (n % 1_000)),
    coachOf: (n) => benchUserId(1 + engagements + 1_000 + (n % 500)),
    promptOf: (n) => ({
      timeZone: ['Europe/London', 'America/New_York', 'Asia/Kolkata'][n % 3] as string,
      weekday: 1 + (n % 5),
      time: '09:30',
    }),
    startedAt: new Date(now - 21 * DAY),
    meetingsOf: (n) => ({
      session: new Date(now + 5 * DAY + n * 1_000),
      midpoint: new Date(now + 20 * DAY + n * 1_000),
      closing: new Date(now + 60 * DAY + n * 1_000),
    }),
  });
  progress('Triad: reconcile from an empty Redis, then again in step');
  triad = await measureReconcile(services.databaseUrl, services.redisUrl);

  for (const nodeOptions of [WORKER_HEAP_OPTION, undefined]) {
    progress(
      `bin/worker.ts${nodeOptions ? ` with ${nodeOptions}` : ''} starting on a wiped Redis (it reconciles before it is ready)`,
    );
    workers.push(await measureWorker(services, nodeOptions));
  }
} finally {
  await services.stop();
}

const [worker, uncapped] = workers;
if (!triad || !worker || !uncapped) throw new Error('the measurement did not finish');
const [minimal, sized] = bare;
printTable(`Schedules: ${triad.jobs} future jobs`, [
  ...bare.map((b) => ({
    side: `bare BullMQ (${b.payload})`,
    jobs: b.jobs,
    'bytes/job': b.bytesPerJob,
    'rebuild s': round(b.addMs / 1000, 1),
    'worker RSS MiB': Math.round(b.workerRssBytes / MiB),
  })),
  {
    side: 'Triad',
    jobs: triad.jobs,
    'bytes/job': triad.bytesPerJob,
    'rebuild s': round(triad.fromEmptyMs / 1000, 1),
    'worker RSS MiB': Math.round(worker.peakRssBytes / MiB),
  },
]);
console.log(
  `\nTriad reconcile with Redis already in step: ${round(triad.inStepMs / 1000, 1)} s; bin/worker.ts ready ` +
    `${round(worker.readyAfterWipeMs / 1000, 1)} s after starting on a wiped Redis ` +
    `with ${WORKER_HEAP_OPTION}, as shipped (${round(uncapped.readyAfterWipeMs / 1000, 1)} s without it, peak RSS ` +
    `${Math.round(uncapped.peakRssBytes / MiB)} MiB).`,
);
const targets: TargetCheck[] = [
  {
    name: 'reconcile after a Redis wipe (s)',
    measured: round(triad.fromEmptyMs / 1000, 1),
    target: `≤ ${values.quick ? 3 : 30}`,
    met: triad.fromEmptyMs <= (values.quick ? 3_000 : 30_000),
  },
  {
    name: `worker RSS as shipped, ${WORKER_HEAP_OPTION} (MiB)`,
    measured: Math.round(worker.peakRssBytes / MiB),
    target: '≤ 250',
    met: worker.peakRssBytes <= 250 * MiB,
  },
  {
    name: 'worker RSS without the heap option (MiB)',
    measured: Math.round(uncapped.peakRssBytes / MiB),
    target: 'report',
    met: true,
  },
  {
    name: 'Redis bytes per job / bare BullMQ with the same payload',
    measured: ratio(triad.bytesPerJob, sized?.bytesPerJob ?? Number.NaN),
    target: 'report',
    met: true,
  },
];
printTargets(targets);
const path = writeResult(values.quick ? 'schedules-quick' : 'schedules', {
  jobs: triad.jobs,
  engagements,
  services: servicesNote,
  bare,
  triad,
  worker: { nodeOptions: WORKER_HEAP_OPTION, ...worker },
  workerWithoutHeapOption: uncapped,
  comparisons: {
    bytesPerJobVsMinimal: ratio(triad.bytesPerJob, minimal?.bytesPerJob ?? Number.NaN),
    bytesPerJobVsSameSize: ratio(triad.bytesPerJob, sized?.bytesPerJob ?? Number.NaN),
    rebuildVsBareAdd: ratio(triad.fromEmptyMs, sized?.addMs ?? Number.NaN),
  },
  targets,
});
console.log(`\nwritten ${path}; worker log in ${runDir}`);
