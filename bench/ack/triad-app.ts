import { setPriority } from 'node:os';
import postgres from 'postgres';
import { freePort } from '../../test/support/services/service-process.js';
import { type BenchChild, startChild } from '../lib/child.js';
import { runLoad } from '../lib/load.js';
import { progress } from '../lib/report.js';
import type { BenchServices } from '../lib/services.js';
import { round } from '../lib/stats.js';
import { triadEnv } from '../lib/triad-env.js';
import { waitFor } from '../lib/wait.js';
import { type CommandPlan, commandRequest } from './ack-requests.js';

export interface TriadAppOptions {
  services: BenchServices;
  /** The app's database (the services' main one when left out). */
  databaseUrl?: string;
  signingSecret: string;
  hrUserId: string;
  slackApiUrl: string;
  /** The fake Slack's stats endpoint (response_url posts received). */
  statsUrl: string;
  cpuProfileDir?: string;
  logFile: string;
  /** Compiled bin/server.js. */
  entry: string;
  /** Compiled bin/worker.js: the workers run beside the app, as docker-compose deploys them. */
  workerEntry: string;
}

/**
 * The worker's scheduling priority. In production the worker has CPU of its own (docker-compose runs it as its
 * own service, usually on other cores); on this benchmark's two shared cores a lower priority keeps its backlog
 * from taking the app's CPU while acknowledgements are measured. It still runs whenever the app is idle.
 */
export const WORKER_NICE = 10;

export interface TriadApp {
  child: BenchChild;
  worker: BenchChild;
  url: string;
  sql: postgres.Sql;
  /** Waits until `answers` response_url posts have arrived (the work after the acks is done). */
  drain(answers: number): Promise<void>;
  /** Starts the engagement that `status` asks about and waits for it. */
  seedStatusEngagement(plan: CommandPlan): Promise<void>;
  close(): Promise<void>;
}

interface SlackStats {
  responsePosts: number;
  byMethod: Record<string, { ok: number; failed: number }>;
}

export async function slackStats(statsUrl: string): Promise<SlackStats> {
  const response = await fetch(statsUrl);
  return (await response.json()) as SlackStats;
}

/**
 * Triad's real HTTP app (`bin/server.ts`) and its worker (`bin/worker.ts`, at a lower priority) on the private
 * Postgres and Redis, talking to the fake Slack. Their logs go to files, at the default level.
 */
export async function startTriadApp(options: TriadAppOptions): Promise<TriadApp> {
  const port = await freePort();
  const databaseUrl = options.databaseUrl ?? options.services.databaseUrl;
  const env = triadEnv({
    databaseUrl,
    redisUrl: options.services.redisUrl,
    slackApiUrl: options.slackApiUrl,
    hrUserId: options.hrUserId,
    signingSecret: options.signingSecret,
  });
  const child = await startChild({
    entry: options.entry,
    env: { ...env, PORT: String(port), RUN_WORKERS_IN_APP: 'false' },
    ready: { kind: 'http', url: `http://127.0.0.1:${port}/readyz` },
    stdoutFile: options.logFile,
    ...(options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {}),
  });
  const worker = await startChild({
    entry: options.workerEntry,
    env,
    ready: { kind: 'log', pattern: /worker ready/ },
    stdoutFile: options.logFile.replace(/\.log$/, '-worker.log'),
  });
  setPriority(worker.pid, WORKER_NICE);
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  const url = `http://127.0.0.1:${port}/slack/events`;
  let closed: Promise<void> | undefined;
  const app: TriadApp = {
    child,
    worker,
    url,
    sql,
    async drain(answers) {
      await waitFor(
        async () => (await slackStats(options.statsUrl)).responsePosts,
        (n) => n >= answers,
        300_000,
      );
    },
    async seedStatusEngagement(plan) {
      const start = commandRequest({ ...plan, startClient: () => plan.statusClient }, 'start', 0);
      const response = await fetch(url, { method: 'POST', headers: start.headers, body: start.body });
      await response.arrayBuffer();
      await waitFor(
        async () => (await sql<{ n: number }[]>`select count(*)::int as n from engagements`)[0]?.n ?? 0,
        (n) => n >= 1,
        30_000,
      );
    },
    close: async () => {
      closed ??= (async () => {
        await sql.end({ timeout: 1 });
        await child.stop();
        await worker.stop();
      })();
      return closed;
    },
  };
  return app;
}

export interface StartRate {
  engagements: number;
  elapsedMs: number;
  perSecond: number;
  conversationsOpened: number;
  messagesDelivered: number;
  /** Outbox rows the starts wrote (welcomes, memberships). */
  outboxRows: number;
}

/**
 * `count` signed `/coaching start` commands at 10 concurrent, timed from the first request until every one of
 * those engagements exists, its spaces are open on Slack and its outbox is delivered.
 */
export async function measureStartRate(app: TriadApp, plan: CommandPlan, count: number): Promise<StartRate> {
  const startedAt = new Date();
  const began = performance.now();
  await runLoad({
    url: app.url,
    concurrency: 10,
    total: count,
    maxMs: 120_000,
    build: (i) => commandRequest(plan, 'start', i),
  });
  progress(`start rate: ${count} commands acknowledged; waiting for spaces and deliveries`);
  const done = await waitFor(
    async () => {
      const [row] = await app.sql<
        { engagements: number; spaces: number; open: number; pending: number; sent: number; rows: number }[]
      >`
        select
          (select count(*)::int from engagements where started_at >= ${startedAt}) as engagements,
          (select count(*)::int from spaces s join engagements e on e.id = s.engagement_id where e.started_at >= ${startedAt}) as spaces,
          (select count(*)::int from spaces s join engagements e on e.id = s.engagement_id
             where e.started_at >= ${startedAt} and s.address is not null) as open,
          (select count(*)::int from outbox o join engagements e on e.id = o.engagement_id
             where e.started_at >= ${startedAt} and o.status = 'pending') as pending,
          (select count(*)::int from outbox o join engagements e on e.id = o.engagement_id
             where e.started_at >= ${startedAt} and o.status = 'sent') as sent,
          (select count(*)::int from outbox o join engagements e on e.id = o.engagement_id
             where e.started_at >= ${startedAt}) as rows`;
      return row ?? { engagements: 0, spaces: 0, open: 0, pending: 1, sent: 0, rows: 0 };
    },
    (r) => r.engagements >= count && r.open === r.spaces && r.pending === 0,
    15 * 60_000,
  );
  const elapsedMs = performance.now() - began;
  return {
    engagements: done.engagements,
    elapsedMs: round(elapsedMs),
    perSecond: round((done.engagements / elapsedMs) * 1000, 2),
    conversationsOpened: done.open,
    messagesDelivered: done.sent,
    outboxRows: done.rows,
  };
}
