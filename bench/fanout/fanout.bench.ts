/**
 * `npm run bench:fanout` — the weekly prompt fan-out: N engagements whose prompts fall due in the same
 * minute, issued by the core and delivered through the outbox to the fake Slack Web API (no rate limit),
 * against bare BullMQ (delayed jobs due at one instant, a no-op worker, same Redis) in the same run.
 * Triad runs twice: `bin/worker.ts` as shipped, and the same wiring with the worker settings raised through
 * configuration (DELIVERY_CONCURRENCY 32, SCHEDULE_CONCURRENCY 32, DELIVERY_RATE_PER_SECOND 0: no global cap)
 * to show what the defaults cost.
 * `-- --quick`: 1,000 engagements; `-- --count N`; `-- --variant shipped|tuned`; `-- --profile`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildForBench } from '../lib/build.js';
import { startChild } from '../lib/child.js';
import { warnIfBusy } from '../lib/machine.js';
import { printTable, printTargets, progress, type TargetCheck, writeResult } from '../lib/report.js';
import { servicesNote, startBenchServices } from '../lib/services.js';
import { ratio } from '../lib/stats.js';
import { type FanoutFigures, measureBareBullmq } from './bare-bullmq.js';
import {
  fanoutUsers,
  measureTriadFanout,
  type TriadFanoutFigures,
  type WorkerTuning,
} from './triad-fanout.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    count: { type: 'string' },
    variant: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
});
const count = Number(values.count ?? (values.quick ? 1_000 : 10_000));
const variants = (values.variant ? [values.variant] : ['shipped', 'tuned']) as ('shipped' | 'tuned')[];
const tuning: WorkerTuning = { deliveryConcurrency: 32, scheduleConcurrency: 32, deliveryPerSecond: 0 };
const runDir = mkdtempSync(join(tmpdir(), 'triad-bench-fanout-'));

warnIfBusy(progress);
const compiled = buildForBench();
progress('starting private PostgreSQL and Redis');
const services = await startBenchServices();
const bare: FanoutFigures[] = [];
const triad: TriadFanoutFigures[] = [];
try {
  for (const concurrency of [8, 32]) {
    progress(`bare BullMQ: ${count} no-op jobs due at one instant, worker concurrency ${concurrency}`);
    bare.push(
      await measureBareBullmq({
        redisUrl: services.redisUrl,
        prefix: '{bench}',
        jobs: count,
        concurrency,
        leadMs: 3_000 + count / 2,
        workerEntry: compiled('bench/fanout/bare-worker.process.ts'),
      }),
    );
  }
  for (const variant of variants) {
    const slack = await startChild({
      entry: join(import.meta.dirname, '..', 'lib', 'fake-slack.process.ts'),
      env: { BENCH_USERS: String(fanoutUsers(count)) },
      ready: { kind: 'line' },
    });
    try {
      triad.push(
        await measureTriadFanout({
          services,
          variant,
          tuning,
          count,
          slackApiUrl: String(slack.info.slackApiUrl),
          statsUrl: String(slack.info.statsUrl),
          slackPid: slack.pid,
          workerEntry: compiled(
            variant === 'shipped' ? 'bin/worker.ts' : 'bench/fanout/tuned-worker.process.ts',
          ),
          runDir,
          ...(values.profile ? { cpuProfileDir: join(runDir, `profile-${variant}`) } : {}),
        }),
      );
    } finally {
      await slack.stop();
    }
  }
} finally {
  await services.stop();
}

const rows = [
  ...bare.map((b) => ({
    side: `bare BullMQ (concurrency ${b.concurrency})`,
    messages: b.jobs,
    'end-to-end s': (b.elapsedMs / 1000).toFixed(2),
    'msg/s': b.perSecond,
    'late p50 ms': b.latenessMs.p50,
    'late p99 ms': b.latenessMs.p99,
  })),
  ...triad.map((t) => ({
    side: `Triad ${t.variant}`,
    messages: t.jobs,
    'end-to-end s': (t.elapsedMs / 1000).toFixed(2),
    'msg/s': t.perSecond,
    'late p50 ms': t.latenessMs.p50,
    'late p99 ms': t.latenessMs.p99,
  })),
];
for (const t of triad) {
  const c = t.cpuSeconds;
  console.log(
    `Triad ${t.variant}: CPU seconds over the ${c.window} s fan-out — worker ${c.worker}, PostgreSQL ${c.postgres}, ` +
      `Redis ${c.redis}, fake Slack ${c.fakeSlack}; worker peak RSS ${Math.round(t.workerPeakRssBytes / 2 ** 20)} MiB`,
  );
}
printTable(`Prompt fan-out: ${count} prompts due in the same minute`, rows);
const best = bare.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
const targets: TargetCheck[] = triad.flatMap((t) => {
  const share = ratio(t.perSecond, best.perSecond);
  return [
    {
      name: `Triad ${t.variant} rate / bare BullMQ rate`,
      measured: share,
      target: '≥ 0.333',
      met: share >= 1 / 3,
    },
    {
      name: `Triad ${t.variant} lateness p99 (ms)`,
      measured: t.latenessMs.p99,
      target: '≤ 1000',
      met: t.latenessMs.p99 <= 1000,
    },
  ];
});
printTargets(targets);
console.log(
  `\nBare BullMQ's own lateness p99 is ${best.latenessMs.p99} ms: with every prompt due at the same instant, p99 lateness cannot be below ~0.99 × N / rate.`,
);
const path = writeResult(values.quick || values.count ? `fanout-${count}` : 'fanout', {
  count,
  services: servicesNote,
  fakeSlack: 'no rate limit; separate process',
  bare,
  triad,
  targets,
});
console.log(`\nwritten ${path}; worker logs${values.profile ? ' and CPU profiles' : ''} in ${runDir}`);
