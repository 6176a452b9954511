import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import postgres from 'postgres';
import { rssOf, startChild } from '../lib/child.js';
import { childrenOf, cpuSeconds, postgresCpuSeconds } from '../lib/cpu.js';
import { progress } from '../lib/report.js';
import type { BenchServices } from '../lib/services.js';
import { openDms } from '../lib/slack-calls.js';
import { createStatementCounter, type StatementFigure, topStatements } from '../lib/statement-stats.js';
import { type LatencySummary, round, summarise } from '../lib/stats.js';
import { waitFor } from '../lib/wait.js';
import { workerNodeFlags } from '../lib/worker-node-options.js';
import { redisCpuSeconds, wipe } from '../schedules/redis-memory.js';
import {
  clientIds,
  deliveryUsers,
  moveDueMinute,
  seedWorkspaces,
  storePresence,
  teamOf,
  tokenOf,
} from './seed-workspaces.js';

export interface TriadDeliveryOptions {
  services: BenchServices;
  name: string;
  workspaces: number;
  perWorkspace: number;
  /** WORKER_PROCESSES; the shipped default (0) is one per core. */
  processes: number;
  /** SLACK_WORKSPACE_PER_MINUTE given to the worker and enforced by the fake; the shipped default when unset. */
  workspacePerMinute?: number;
  /** Seconds' worth of burst the fake's per-workspace bucket allows (the worker's pacer uses 2). */
  fakeBurstSeconds: number;
  /** Compiled bin/worker.js. */
  workerEntry: string;
  runDir: string;
  cpuProfileDir?: string;
  /** The clients' presence stored beforehand, as Slack's events leave it (a Monday after the first). */
  presenceKnown?: boolean;
}

export interface TriadDeliveryFigures {
  name: string;
  workspaces: number;
  perWorkspace: number;
  processes: number;
  workspacePerMinute: number;
  jobs: number;
  /** From the due time to the last message the fake Slack accepted. */
  elapsedMs: number;
  perSecond: number;
  /** Arrival at the fake Slack against the due time. */
  latenessMs: LatencySummary;
  /** When the prompts were written (outbox committed), against the due time. */
  issuedLatenessMs: LatencySummary;
  perPrompt: { workerCpuMs: number; sqlStatements: number; redisCommands: number; presenceCalls: number };
  /** Whether the clients' presence was stored before the tick (`--presence-known`). */
  presenceKnown: boolean;
  /** CPU seconds each process used from the due time to the last delivery. */
  cpuSeconds: { window: number; worker: number; postgres: number; redis: number; fakeSlack: number };
  workerPeakRssBytes: number;
  /** Where PostgreSQL's time went in the window: the ten statements with the most execution time. */
  topStatements: StatementFigure[];
  /** Redis commands per prompt in the window by command, the most first (those run by scripts under their own). */
  redisByCommand: Record<string, number>;
  checks: {
    /** chat.postMessage calls answered 429 by the fake (Slack's limits enforced). */
    status429: number;
    /** Messages posted with another workspace's token than their organisation's. */
    wrongToken: number;
    /** Conversations that received the prompt more than once. */
    duplicates: number;
    /** Prompts never posted. */
    lost: number;
    /** Outbox rows not `sent` at the end. */
    outboxNotSent: number;
  };
  /** The busiest second at the fake Slack, per workspace (against the configured workspace limit). */
  peakPerWorkspacePerSecond: number;
}

const SHIPPED_WORKSPACE_PER_MINUTE = 300;

/** Redis commands executed so far (INFO commandstats), by command: scripts' own commands counted under theirs. */
async function redisCommandCounts(redisUrl: string): Promise<Map<string, number>> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const info = await redis.info('commandstats');
    return new Map(
      [...info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map((match) => [
        match[1] as string,
        Number(match[2]),
      ]),
    );
  } finally {
    redis.disconnect();
  }
}

const totalOf = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

/** The commands run in the window, per prompt, most first (the two INFO calls left out). */
function redisPerPrompt(before: Map<string, number>, after: Map<string, number>, count: number) {
  return Object.fromEntries(
    [...after]
      .map(
        ([command, calls]) =>
          [command, calls - (before.get(command) ?? 0) - (command === 'info' ? 2 : 0)] as const,
      )
      .filter(([, calls]) => calls > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([command, calls]) => [command, round(calls / count, 2)]),
  );
}

type Post = readonly [channel: string, token: string, at: number, status: number];

async function slackStats(statsUrl: string, posts = false) {
  const response = await fetch(`${statsUrl}${posts ? '?posts=1' : ''}`);
  return (await response.json()) as {
    byMethod: Record<string, { ok: number; failed: number; status429: number }>;
    internalErrors: number;
    posts?: Post[];
  };
}

/**
 * `workspaces` × `perWorkspace` engagements in Slack distribution mode whose weekly prompts fall due in the
 * same minute: `bin/worker.ts` as shipped (batch delivery, its defaults) issues them with the minute's prompt
 * tick and delivers them, each with its workspace's token, to a fake Slack enforcing the per-conversation and
 * per-workspace limits. Counted from the due time to the last message accepted: the worker processes' CPU, the
 * statements the database executed (pg_stat_statements: only the worker talks to it meanwhile), the Redis
 * commands executed (INFO commandstats, BullMQ's scripts' commands included).
 */
export async function measureTriadDelivery(options: TriadDeliveryOptions): Promise<TriadDeliveryFigures> {
  const count = options.workspaces * options.perWorkspace;
  const perMinute = options.workspacePerMinute ?? SHIPPED_WORKSPACE_PER_MINUTE;
  // The worker keeps to the sustained rate with a burst of two seconds' worth (bin/config/delivery.config.ts);
  // the fake enforces the same sustained rate with `fakeBurstSeconds` of burst (Slack counts per minute).
  const perSecond = perMinute / 60;
  const slack = await startChild({
    entry: join(import.meta.dirname, 'limited-slack.process.ts'),
    env: {
      BENCH_USERS: String(deliveryUsers(count, options.workspaces)),
      BENCH_WORKSPACE_PER_SECOND: String(perSecond),
      BENCH_WORKSPACE_BURST: String(Math.max(1, Math.floor(perSecond * options.fakeBurstSeconds))),
    },
    ready: { kind: 'line' },
  });
  const slackApiUrl = String(slack.info.slackApiUrl);
  const statsUrl = String(slack.info.statsUrl);
  const databaseUrl = await options.services.freshDatabase(`delivery_${options.name.replace(/\W/g, '_')}`);
  const statements = await createStatementCounter(databaseUrl);
  await wipe(options.services.redisUrl);
  const encryptionKey = { id: 'bench1', key: randomBytes(32) };
  try {
    progress(`${options.name}: opening ${count} DMs, seeding ${options.workspaces} installed workspaces`);
    const dms = await openDms(slackApiUrl, clientIds(count));
    // Seeded an hour ahead (nothing falls due meanwhile), then moved to a minute the worker can make.
    await seedWorkspaces({
      databaseUrl,
      workspaces: options.workspaces,
      perWorkspace: options.perWorkspace,
      encryptionKey,
      dms,
      dueAt: DateTime.utc().plus({ hours: 1 }).startOf('minute'),
    });
    const dueAt = DateTime.utc()
      .plus({ milliseconds: 45_000 + count * 6 })
      .endOf('minute')
      .plus({ milliseconds: 1 });
    const dueMs = dueAt.toMillis();
    await moveDueMinute(databaseUrl, dueAt);
    if (options.presenceKnown) await storePresence(databaseUrl, new Date());
    const workspaceOfChannel = new Map(dms.map((dm, n) => [dm, Math.floor(n / options.perWorkspace)]));

    const logFile = join(options.runDir, `worker-${options.name}.log`);
    const readyLines = new RegExp(Array(options.processes).fill('"msg":"worker ready"').join('[\\s\\S]*'));
    const worker = await startChild({
      entry: options.workerEntry,
      nodeFlags: workerNodeFlags(),
      env: {
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl,
        REDIS_URL: options.services.redisUrl,
        TRIAD_ENCRYPTION_KEYS: `${encryptionKey.id}:${encryptionKey.key.toString('base64')}`,
        SLACK_CLIENT_ID: '1111111111.2222222222',
        SLACK_CLIENT_SECRET: randomBytes(16).toString('hex'),
        SLACK_STATE_SECRET: randomBytes(16).toString('hex'),
        SLACK_SIGNING_SECRET: randomBytes(16).toString('hex'),
        SLACK_API_URL: slackApiUrl,
        WORKER_PROCESSES: String(options.processes),
        ...(options.workspacePerMinute ? { SLACK_WORKSPACE_PER_MINUTE: String(perMinute) } : {}),
      },
      ready: { kind: 'log', pattern: readyLines },
      stdoutFile: logFile,
      timeoutMs: Math.max(60_000, dueMs - Date.now()),
      ...(options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {}),
    });
    const workerCpu = () =>
      [worker.pid, ...childrenOf(worker.pid)].reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    const workerRss = () =>
      [worker.pid, ...childrenOf(worker.pid)].reduce((sum, pid) => sum + (rssOf(pid) || 0), 0);
    const snapshot = async () => ({
      worker: workerCpu(),
      postgres: postgresCpuSeconds(options.services.postgres.dataDir),
      redis: await redisCpuSeconds(options.services.redisUrl),
      fakeSlack: cpuSeconds(slack.pid),
      statements: await statements.count(),
      byStatement: await statements.byStatement(),
      redisCommands: await redisCommandCounts(options.services.redisUrl),
    });
    try {
      if (Date.now() > dueMs - 2_000)
        throw new Error('the worker was not ready before the due minute; raise the lead time');
      progress(`${options.name}: worker ready; ${count} prompts due at ${dueAt.toISO()}`);
      await sleep(Math.max(0, dueMs - 1_000 - Date.now()));
      const before = await snapshot();
      let peakRss = workerRss();
      await waitFor(
        async () => {
          peakRss = Math.max(peakRss, workerRss());
          return (await slackStats(statsUrl)).byMethod['chat.postMessage']?.ok ?? 0;
        },
        (delivered) => delivered >= count,
        count * 500 + 120_000,
        120_000,
      );
      const after = await snapshot();
      const window = round((Date.now() - (dueMs - 1_000)) / 1000, 1);
      // Anything sent twice would come in after the last first send: give it time to show.
      await sleep(3_000);
      const stats = await slackStats(statsUrl, true);
      const posts = stats.posts ?? [];
      const accepted = posts.filter((p) => p[3] === 200);
      const seen = new Map<string, number>();
      let wrongToken = 0;
      for (const [channel, token] of accepted) {
        seen.set(channel, (seen.get(channel) ?? 0) + 1);
        const workspace = workspaceOfChannel.get(channel);
        if (workspace === undefined || token !== tokenOf(teamOf(workspace))) wrongToken += 1;
      }
      const firstTimes = new Map<string, number>();
      for (const [channel, , at] of accepted) if (!firstTimes.has(channel)) firstTimes.set(channel, at);
      const times = [...firstTimes.values()];
      const last = Math.max(...times);
      const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
      try {
        const issued = await sql<{ at: Date }[]>`select sent_at as at from reflection_prompts`;
        const [left] = await sql<{ n: number }[]>`
          select count(*)::int as n from outbox where status <> 'sent'`;
        const elapsedMs = last - dueMs;
        const jobs = times.length;
        return {
          name: options.name,
          workspaces: options.workspaces,
          perWorkspace: options.perWorkspace,
          processes: options.processes,
          workspacePerMinute: perMinute,
          jobs,
          elapsedMs,
          perSecond: round((jobs / Math.max(1, elapsedMs)) * 1000, 1),
          latenessMs: summarise(times.map((t) => t - dueMs)),
          issuedLatenessMs: summarise(issued.map((row) => row.at.getTime() - dueMs)),
          perPrompt: {
            workerCpuMs: round(((after.worker - before.worker) * 1000) / count, 3),
            // The reading before counts its own two statements (the count and the breakdown).
            sqlStatements: round(
              (after.statements - before.statements - 2 * statements.ownPerRead) / count,
              3,
            ),
            // The INFO calls of the two snapshots are not the worker's.
            redisCommands: round(
              (totalOf(after.redisCommands) - totalOf(before.redisCommands) - 2) / count,
              2,
            ),
            presenceCalls: round(
              ['dnd.info', 'dnd.teamInfo', 'users.profile.get'].reduce(
                (sum, method) =>
                  sum + (stats.byMethod[method]?.ok ?? 0) + (stats.byMethod[method]?.failed ?? 0),
                0,
              ) / count,
              3,
            ),
          },
          presenceKnown: options.presenceKnown ?? false,
          cpuSeconds: {
            window,
            worker: round(after.worker - before.worker, 1),
            postgres: round(after.postgres - before.postgres, 1),
            redis: round(after.redis - before.redis, 1),
            fakeSlack: round(after.fakeSlack - before.fakeSlack, 1),
          },
          workerPeakRssBytes: peakRss,
          topStatements: topStatements(before.byStatement, after.byStatement),
          redisByCommand: redisPerPrompt(before.redisCommands, after.redisCommands, count),
          checks: {
            status429: posts.filter((p) => p[3] === 429).length,
            wrongToken,
            duplicates: [...seen.values()].filter((n) => n > 1).length,
            lost: count - seen.size,
            outboxNotSent: left?.n ?? -1,
          },
          peakPerWorkspacePerSecond: peakPerSecond(accepted),
        };
      } finally {
        await sql.end({ timeout: 1 });
      }
    } finally {
      await worker.stop(30_000);
    }
  } finally {
    await statements.close();
    await slack.stop();
  }
}

/** The most messages one token had accepted within any one calendar second. */
function peakPerSecond(posts: readonly Post[]): number {
  const counts = new Map<string, number>();
  for (const [, token, at] of posts) {
    const key = `${token}@${Math.floor(at / 1000)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return Math.max(0, ...counts.values());
}
