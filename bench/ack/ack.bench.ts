/**
 * `npm run bench:ack` — command ack latency and throughput, Triad vs a bare Bolt app, same run.
 * Signed `/coaching status` and `/coaching start` at 1, 10 and 100 concurrent over loopback; then
 * engagements started per second end to end (conversations opened, welcomes delivered).
 * `-- --quick` runs a short smoke version; `-- --profile` writes a CPU profile of Triad's app process;
 * `-- --only status:10` measures one command at one concurrency (no end-to-end phase), e.g. to profile it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FAKE_BOT_TOKEN } from '../../test/support/fake-slack/defaults.js';
import { freePort } from '../../test/support/services/service-process.js';
import { benchUserId } from '../lib/bench-users.js';
import { buildForBench } from '../lib/build.js';
import { type BenchChild, startChild } from '../lib/child.js';
import { type LoadResult, runLoad } from '../lib/load.js';
import { warnIfBusy } from '../lib/machine.js';
import { printTable, printTargets, progress, type TargetCheck, writeResult } from '../lib/report.js';
import { servicesNote, startBenchServices } from '../lib/services.js';
import { ratio } from '../lib/stats.js';
import { wipe } from '../schedules/redis-memory.js';
import { type CommandPlan, commandRequest, type MeasuredCommand } from './ack-requests.js';
import { measureStartRate, type StartRate, startTriadApp, type TriadApp } from './triad-app.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    only: { type: 'string' },
    'worker-running': { type: 'boolean', default: false },
  },
});

const here = import.meta.dirname;
/** Logs and profiles of this run, outside the repository. */
const runDir = mkdtempSync(join(tmpdir(), 'triad-bench-ack-'));
const levels = [1, 10, 100] as const;
const bounds = values.quick
  ? { 1: { total: 100, maxMs: 3_000 }, 10: { total: 300, maxMs: 3_000 }, 100: { total: 500, maxMs: 5_000 } }
  : {
      1: { total: 1_500, maxMs: 12_000 },
      10: { total: 4_000, maxMs: 12_000 },
      100: { total: 6_000, maxMs: 15_000 },
    };
const startTotals = values.quick ? { 1: 30, 10: 100, 100: 200 } : { 1: 300, 10: 1_000, 100: 2_000 };
const [onlyCommand, onlyLevel] = values.only?.split(':') ?? [];
const selected = (command: string, concurrency: number) =>
  !values.only || (command === onlyCommand && String(concurrency) === onlyLevel);
/**
 * By default the worker process is stopped (SIGSTOP) while acknowledgements are measured and continued after:
 * on these two shared cores its backlog — and the Postgres and fake-Slack work it causes — would otherwise be
 * measured as the app's. In production it runs on CPUs of its own. `--worker-running` leaves it running.
 */
const workerRunning = values['worker-running'];
const endToEndStarts = values.only ? 0 : values.quick ? 30 : 100;
const warmup = values.quick ? 100 : 500;

/** People: 0 is HR, 1 the sponsor, 2 the coach, 3 the status client, from 10 on the clients of `start`. */
const HR = benchUserId(0);
const userCount = 10 + startTotals[1] + startTotals[10] + startTotals[100] + endToEndStarts + warmup + 50;
let nextClient = 10;
const plan: CommandPlan = {
  signingSecret: randomBytes(16).toString('hex'),
  hrUserId: HR,
  responseUrlOrigin: '',
  statusClient: benchUserId(3),
  startClient: () => benchUserId(nextClient++),
  sponsor: benchUserId(1),
  coach: benchUserId(2),
};

type Side = 'bare' | 'triad';
type Runs = Record<MeasuredCommand, LoadResult[]>;

interface Target {
  url: string;
  /** Triad only: waits until this many commands have been answered through their response_url. */
  drain?: (answers: number) => Promise<void>;
  /** Commands answered before the measurement (the seed start). */
  answered?: number;
  /** Triad only: stop and continue the worker process around each measured load. */
  worker?: { pause(): void; resume(): void };
}

async function measure(side: Side, app: Target): Promise<Runs> {
  const runs: Runs = { status: [], start: [] };
  let answersDue = app.answered ?? 0;
  progress(`${side}: warm-up (${warmup} status requests)`);
  const warm = await runLoad({
    url: app.url,
    concurrency: 10,
    total: warmup,
    maxMs: 20_000,
    build: (i) => commandRequest(plan, 'status', i),
  });
  answersDue += warm.statuses['200'] ?? 0;
  if (app.drain) await app.drain(answersDue);
  for (const command of ['status', 'start'] as const) {
    for (const concurrency of levels) {
      if (!selected(command, concurrency)) continue;
      const bound = bounds[concurrency];
      const total = command === 'start' ? Math.min(bound.total, startTotals[concurrency]) : bound.total;
      progress(`${side}: ${command} at ${concurrency} concurrent (≤ ${total} requests, ≤ ${bound.maxMs} ms)`);
      app.worker?.pause();
      const result = await runLoad({
        url: app.url,
        concurrency,
        total,
        maxMs: bound.maxMs,
        build: (i) => commandRequest(plan, command, i),
      }).finally(() => app.worker?.resume());
      runs[command].push(result);
      answersDue += result.statuses['200'] ?? 0;
      // Work acknowledged but not finished would slow the next level down: let it finish first.
      if (app.drain) await app.drain(answersDue);
    }
  }
  return runs;
}

warnIfBusy(progress);
const compiled = buildForBench();
progress('starting private PostgreSQL and Redis, and the fake Slack');
const services = await startBenchServices();
const slack = await startChild({
  entry: join(here, '..', 'lib', 'fake-slack.process.ts'),
  env: { BENCH_USERS: String(userCount) },
  ready: { kind: 'line' },
});
plan.responseUrlOrigin = String(slack.info.responseUrlOrigin);
const slackApiUrl = String(slack.info.slackApiUrl);
const statsUrl = String(slack.info.statsUrl);

let bare: Runs | undefined;
let triad: Runs | undefined;
let startRate: StartRate | undefined;
let app: BenchChild | undefined;
let triadApp: TriadApp | undefined;
/** Outbox rows still waiting for delivery when the ack measurements ended. */
let deliveryBacklog = 0;
try {
  const barePort = await freePort();
  app = await startChild({
    entry: compiled('bench/ack/bare-bolt.app.ts'),
    env: {
      PORT: String(barePort),
      SLACK_SIGNING_SECRET: plan.signingSecret,
      SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
      SLACK_API_URL: slackApiUrl,
    },
    ready: { kind: 'line' },
  });
  bare = await measure('bare', { url: `http://127.0.0.1:${barePort}/slack/events` });
  await app.stop();

  const triadOptions = {
    services,
    signingSecret: plan.signingSecret,
    hrUserId: HR,
    slackApiUrl,
    statsUrl,
    entry: compiled('bin/server.ts'),
    workerEntry: compiled('bin/worker.ts'),
    ...(values.profile ? { cpuProfileDir: join(runDir, 'profiles') } : {}),
  };
  triadApp = await startTriadApp({ ...triadOptions, logFile: join(runDir, 'triad-app.log') });
  app = triadApp.child;
  // The bare app created nothing: Triad's starts use the same clients.
  nextClient = 10;
  await triadApp.seedStatusEngagement(plan);
  const worker = triadApp.worker;
  triad = await measure('triad', {
    url: triadApp.url,
    drain: triadApp.drain,
    answered: 1,
    ...(workerRunning
      ? {}
      : { worker: { pause: () => worker.signal('SIGSTOP'), resume: () => worker.signal('SIGCONT') } }),
  });
  const [backlog] = await triadApp.sql<
    { n: number }[]
  >`select count(*)::int as n from outbox where status = 'pending'`;
  deliveryBacklog = backlog?.n ?? 0;
  await triadApp.close();
  if (endToEndStarts > 0) {
    // A fresh database and an empty Redis: the starts above left deliveries queued that would come first.
    const databaseUrl = await services.freshDatabase('triad_bench_starts');
    await wipe(services.redisUrl);
    triadApp = await startTriadApp({
      ...triadOptions,
      databaseUrl,
      logFile: join(runDir, 'triad-app-starts.log'),
    });
    app = triadApp.child;
    // One start first: the workspace's organisation row is created by the first command (see README).
    await triadApp.seedStatusEngagement(plan);
    progress(`triad: ${endToEndStarts} starts end to end at 10 concurrent`);
    startRate = await measureStartRate(triadApp, plan, endToEndStarts);
    await triadApp.close();
  }
} finally {
  await triadApp?.close();
  await app?.kill();
  await slack.stop();
  await services.stop();
}

const rows: Record<string, string | number>[] = [];
const comparisons: Record<string, unknown>[] = [];
const targets: TargetCheck[] = [];
for (const command of ['status', 'start'] as const) {
  levels.forEach((concurrency) => {
    const b = bare?.[command].find((r) => r.concurrency === concurrency);
    const t = triad?.[command].find((r) => r.concurrency === concurrency);
    if (!b || !t) return;
    for (const [side, r] of [
      ['bare', b],
      ['triad', t],
    ] as const) {
      rows.push({
        command,
        concurrency,
        side,
        'req/s': r.requestsPerSecond,
        'p50 ms': r.latencyMs.p50,
        'p99 ms': r.latencyMs.p99,
        requests: r.requests,
        non200: r.requests - (r.statuses['200'] ?? 0) + r.errors,
      });
    }
    const throughput = ratio(t.requestsPerSecond, b.requestsPerSecond);
    const p99 = ratio(t.latencyMs.p99, b.latencyMs.p99);
    comparisons.push({ command, concurrency, throughputRatio: throughput, p99Ratio: p99 });
    if (concurrency !== 1) {
      targets.push(
        {
          name: `${command} @${concurrency} throughput / bare`,
          measured: throughput,
          target: '≥ 0.8',
          met: throughput >= 0.8,
        },
        { name: `${command} @${concurrency} p99 / bare`, measured: p99, target: '≤ 1.25', met: p99 <= 1.25 },
      );
    }
  });
}
printTable('Command ack: Triad vs bare Bolt (same run)', rows);
if (startRate) {
  console.log(
    `\nEngagements started end to end: ${startRate.engagements} in ${startRate.elapsedMs} ms = ${startRate.perSecond}/s ` +
      `(${startRate.conversationsOpened} conversations opened, ${startRate.messagesDelivered} welcomes delivered)`,
  );
}
console.log(
  `\nDelivery backlog when the ack runs ended: ${deliveryBacklog} outbox rows still pending ` +
    `(the shipped delivery worker sends at most 30 a second).`,
);
printTargets(targets);
const name = `${values.only ? `ack-${onlyCommand}-${onlyLevel}` : values.quick ? 'ack-quick' : 'ack'}${workerRunning ? '-worker-running' : ''}`;
const path = writeResult(name, {
  quick: values.quick,
  workerDuringAckLoad: workerRunning ? 'running (nice 10)' : 'stopped, continued after each load',
  services: servicesNote,
  loadGenerator:
    'closed loop, keep-alive, same machine, separate processes for app, fake Slack and generator',
  bare,
  triad,
  comparisons,
  startRate,
  deliveryBacklog,
  targets,
});
console.log(`\nwritten ${path}; app log${values.profile ? ' and CPU profile' : ''} in ${runDir}`);
