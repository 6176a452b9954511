/**
 * `npm run bench:delivery` — issue 17's end-to-end delivery: prompts due in the same minute for engagements
 * spread over many Slack workspaces in distribution mode (an installation and a bot token per workspace),
 * issued by the minute's prompt tick and delivered by `bin/worker.ts` as shipped (batch delivery, its defaults)
 * to a fake Slack Web API enforcing Slack's per-conversation and per-workspace limits; against bare BullMQ in the
 * same run. Runs: `spread` (500 workspaces × 20, one worker process), `spread-2p` (the same, WORKER_PROCESSES=2),
 * `one-workspace` (all in one workspace, paced to its limit).
 *
 * `-- --quick`: 50 workspaces × 20 and 1,000 in one workspace. `-- --only spread,one-workspace`;
 * `-- --workspaces N --per-workspace M`; `-- --one-workspace-per-minute N` (SLACK_WORKSPACE_PER_MINUTE of the
 * one-workspace run, given to the worker and enforced by the fake; 6,000 by default so that 10,000 messages take
 * minutes, not the 33 the shipped 300 would); `-- --fake-burst-seconds N` (the fake's per-workspace burst, 3 s
 * worth by default); `-- --profile` (CPU profiles of the worker processes). Every client's presence is stored
 * beforehand, as production has it (learned at the engagement's start or by the backfill, kept by Slack's events),
 * as in `bench:scale`; `-- --first-monday` stores none (the tick looks every client up), results in
 * `delivery…-first-monday.json`. (`-- --presence-known`, the default now, is still accepted.)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type FanoutFigures, measureBareBullmq } from '../fanout/bare-bullmq.js';
import { buildForBench } from '../lib/build.js';
import { warnIfBusy } from '../lib/machine.js';
import { printTable, printTargets, progress, type TargetCheck, writeResult } from '../lib/report.js';
import { servicesNote, startBenchServices } from '../lib/services.js';
import { enableStatementStats } from '../lib/statement-stats.js';
import { round } from '../lib/stats.js';
import { measureTriadDelivery, type TriadDeliveryFigures } from './triad-delivery.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    workspaces: { type: 'string' },
    'per-workspace': { type: 'string' },
    'one-workspace-per-minute': { type: 'string', default: '6000' },
    profile: { type: 'boolean', default: false },
    'fake-burst-seconds': { type: 'string', default: '3' },
    'first-monday': { type: 'boolean', default: false },
    'presence-known': { type: 'boolean', default: false },
  },
});
const firstMonday = values['first-monday'];
if (firstMonday && values['presence-known'])
  throw new Error('--first-monday and --presence-known contradict');
const workspaces = Number(values.workspaces ?? (values.quick ? 50 : 500));
const perWorkspace = Number(values['per-workspace'] ?? 20);
const count = workspaces * perWorkspace;
const oneWorkspacePerMinute = Number(values['one-workspace-per-minute']);
const runs = (values.only ?? 'spread,spread-2p,one-workspace').split(',');
const runDir = mkdtempSync(join(tmpdir(), 'triad-bench-delivery-'));
// A one-workspace run alone (33 minutes at the shipped limit) keeps its own file beside the spread runs'.
const oneWorkspaceOnly = runs.length === 1 && runs[0] === 'one-workspace';
const resultName = `${
  oneWorkspaceOnly
    ? `delivery-one-workspace-${count}`
    : values.quick || values.workspaces
      ? `delivery-${count}`
      : 'delivery'
}${firstMonday ? '-first-monday' : ''}`;

warnIfBusy(progress);
const compiled = buildForBench();
progress('starting private PostgreSQL (pg_stat_statements) and Redis');
const services = await startBenchServices();
await enableStatementStats(services);
const bare: FanoutFigures[] = [];
const triad: TriadDeliveryFigures[] = [];
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
  const profileDir = (name: string) =>
    values.profile ? { cpuProfileDir: join(runDir, `profile-${name}`) } : {};
  const common = {
    services,
    workerEntry: compiled('bin/worker.ts'),
    runDir,
    fakeBurstSeconds: Number(values['fake-burst-seconds']),
    presenceKnown: !firstMonday,
  };
  for (const run of runs) {
    if (run === 'spread' || run === 'spread-2p') {
      triad.push(
        await measureTriadDelivery({
          ...common,
          name: run,
          workspaces,
          perWorkspace,
          processes: run === 'spread' ? 1 : 2,
          ...profileDir(run),
        }),
      );
    } else if (run === 'one-workspace') {
      triad.push(
        await measureTriadDelivery({
          ...common,
          name: run,
          workspaces: 1,
          perWorkspace: count,
          processes: 1,
          workspacePerMinute: oneWorkspacePerMinute,
          ...profileDir(run),
        }),
      );
    } else throw new Error(`unknown run ${run}`);
    writeResult(resultName, { count, partial: true, bare, triad });
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
    'CPU ms/msg': '',
    'SQL/msg': '',
    'Redis/msg': '',
  })),
  ...triad.map((t) => ({
    side: `Triad ${t.name} (${t.workspaces} ws, ${t.processes} proc)`,
    messages: t.jobs,
    'end-to-end s': (t.elapsedMs / 1000).toFixed(2),
    'msg/s': t.perSecond,
    'late p50 ms': t.latenessMs.p50,
    'late p99 ms': t.latenessMs.p99,
    'CPU ms/msg': t.perPrompt.workerCpuMs,
    'SQL/msg': t.perPrompt.sqlStatements,
    'Redis/msg': t.perPrompt.redisCommands,
  })),
];
printTable(`Delivery: ${count} prompts due in the same minute, Slack distribution mode`, rows);
const workerOverFake = (c: { worker: number; fakeSlack: number }) =>
  c.fakeSlack > 0 ? (c.worker / c.fakeSlack).toFixed(2) : '—';
for (const t of triad) {
  const c = t.cpuSeconds;
  console.log(
    `Triad ${t.name}: CPU s over ${c.window} s — worker ${c.worker}, PostgreSQL ${c.postgres}, Redis ${c.redis}, ` +
      `fake Slack ${c.fakeSlack} (worker ÷ fake Slack ${workerOverFake(c)}: the fake does the same work in every run, ` +
      `so this ratio moves less with the machine's speed than the worker's own figure); peak RSS ${Math.round(t.workerPeakRssBytes / 2 ** 20)} MiB; checks ${JSON.stringify(t.checks)}; ` +
      `busiest workspace-second ${t.peakPerWorkspacePerSecond} (limit ${t.workspacePerMinute}/min); ` +
      `presence calls per prompt ${t.perPrompt.presenceCalls} (${t.presenceKnown ? 'presence stored beforehand' : 'no presence stored'})`,
  );
}
const spread = triad.find((t) => t.name === 'spread');
const spread2 = triad.find((t) => t.name === 'spread-2p');
const one = triad.find((t) => t.name === 'one-workspace');
const clean = (t: TriadDeliveryFigures) =>
  t.checks.status429 === 0 &&
  t.checks.wrongToken === 0 &&
  t.checks.duplicates === 0 &&
  t.checks.lost === 0 &&
  t.checks.outboxNotSent === 0;
const targets: TargetCheck[] = [];
for (const t of [spread, spread2].filter((x) => x !== undefined)) {
  targets.push(
    {
      name: `${t.name}: messages/s end to end`,
      measured: t.perSecond,
      target: '≥ 1000',
      met: t.perSecond >= 1000,
    },
    {
      name: `${t.name}: worker CPU ms per prompt`,
      measured: t.perPrompt.workerCpuMs,
      target: '≤ 1',
      met: t.perPrompt.workerCpuMs <= 1,
    },
    {
      name: `${t.name}: SQL statements per prompt`,
      measured: t.perPrompt.sqlStatements,
      target: '≤ 3',
      met: t.perPrompt.sqlStatements <= 3,
    },
    {
      name: `${t.name}: lateness p99 ms`,
      measured: t.latenessMs.p99,
      target: '≤ 15000',
      met: t.latenessMs.p99 <= 15_000,
    },
    {
      name: `${t.name}: 429s + wrong tokens + duplicates + lost + unsent`,
      measured:
        t.checks.status429 +
        t.checks.wrongToken +
        t.checks.duplicates +
        t.checks.lost +
        t.checks.outboxNotSent,
      target: '= 0',
      met: clean(t),
    },
  );
}
if (one) {
  const limit = one.workspacePerMinute / 60;
  targets.push(
    {
      name: 'one-workspace: 429s + wrong tokens + duplicates + lost + unsent',
      measured:
        one.checks.status429 +
        one.checks.wrongToken +
        one.checks.duplicates +
        one.checks.lost +
        one.checks.outboxNotSent,
      target: '= 0',
      met: clean(one),
    },
    {
      name: `one-workspace: achieved rate / configured limit (${limit}/s)`,
      measured: round(one.perSecond / limit, 3),
      target: '≤ 1 (plus the burst) and close to it',
      met: one.perSecond <= limit * 1.1 && one.perSecond >= limit * 0.8,
    },
  );
}
const throughputRatio = spread && spread2 ? round(spread2.perSecond / spread.perSecond, 3) : undefined;
printTargets(targets);
if (throughputRatio !== undefined) console.log(`two processes / one: ${throughputRatio} × the messages/s`);
const path = writeResult(resultName, {
  count,
  workspaces,
  perWorkspace,
  services: servicesNote,
  fakeSlack: `separate process; chat.postMessage limited to 1/s per conversation and a per-token (per-workspace) bucket: the run’s SLACK_WORKSPACE_PER_MINUTE / 60 per second sustained, burst of ${values['fake-burst-seconds']} seconds’ worth (the worker’s pacer: 2 seconds’ worth; the extra second absorbs the time between a batch taking its pace and its sends arriving)`,
  counting:
    'from one second before the due time to the last message accepted: worker processes’ CPU (/proc, primary and children), statements the database executed (pg_stat_statements, BEGIN/COMMIT included; only the worker uses the database meanwhile), Redis commands executed (INFO commandstats, inside scripts included)',
  bare,
  triad,
  throughputRatioTwoProcesses: throughputRatio,
  targets,
});
console.log(`\nwritten ${path}; worker logs${values.profile ? ' and CPU profiles' : ''} in ${runDir}`);
