import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engagement } from '../../src/engagement/records.js';
import { startEngagement } from '../../src/use-cases/hr/start-engagement.js';
import { FAKE_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../support/fake-slack/index.js';
import { queueMessages } from './support/bulk-messages.js';
import { type JobRuntime, startJobRuntime } from './support/job-runtime.js';
import { settled } from './support/running-workers.js';
import { waitFor } from './support/wait-for.js';

/**
 * `npm run worker` itself (bin/worker.ts) against the fake Slack Web API, which allows one message per second per
 * channel and answers 429 with Retry-After otherwise: the real SlackMessenger, config, Postgres and Redis.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
let slack: FakeSlack;
let runtime: JobRuntime;
const started: ChildProcess[] = [];

beforeAll(async () => {
  slack = await startFakeSlack({ rateLimit: true });
  runtime = await startJobRuntime();
});
afterAll(async () => {
  for (const child of started)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await runtime.close();
  await slack.close();
});

function workerCommand(env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/worker.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: runtime.database.url,
      REDIS_URL: runtime.redis.url,
      QUEUE_PREFIX: runtime.queues.prefix,
      TRIAD_ENCRYPTION_KEYS: `k1:${runtime.encryptionKey}`,
      SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
      SLACK_SIGNING_SECRET: 'not-used-by-the-worker',
      SLACK_API_URL: slack.url,
      WORKER_PROCESSES: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  return { child, exited, output: () => output };
}

async function engagementsOnSlack(count: number, tag = 'CMD'): Promise<Engagement[]> {
  const engagements: Engagement[] = [];
  slack.users.add({ id: 'UHR', name: 'harriet' });
  runtime.deps.directory.add({ platformUserId: 'UHR' });
  for (let i = 0; i < count; i += 1) {
    const [client, sponsor, coach] = ['C', 'S', 'K'].map((role) => `U${role}${tag}${i}`) as [
      string,
      string,
      string,
    ];
    for (const id of [client, sponsor, coach]) {
      slack.users.add({ id, name: id.toLowerCase() });
      runtime.deps.directory.add({ platformUserId: id });
    }
    const actor = { platform: 'slack' as const, tenantId: slack.identity.teamId, platformUserId: 'UHR' };
    const { engagementId } = await startEngagement(
      { actor, clientUserId: client, sponsorUserId: sponsor, coachUserIds: [coach] },
      runtime.deps,
    );
    const engagement = await runtime.deps.uow.read.engagements.get(engagementId);
    if (engagement) engagements.push(engagement);
  }
  return engagements;
}

/** How many Slack messages carry each outbox id in their metadata. */
function postedPerOutboxId(ids: readonly string[]): number[] {
  const counts = new Map(ids.map((id) => [id, 0]));
  for (const message of slack.messages) {
    const id = (message.metadata?.event_payload as { outbox_id?: string } | undefined)?.outbox_id;
    if (id && counts.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts.values()];
}

describe('npm run worker', () => {
  it('killed mid-batch and restarted, delivers every message exactly once to a rate-limited Slack', {
    timeout: 180_000,
  }, async () => {
    const engagements = await engagementsOnSlack(3);
    const welcomes = (
      await Promise.all(engagements.map((e) => runtime.deps.uow.read.outbox.listByEngagement(e.id)))
    ).flatMap((rows) => rows.map((row) => row.id));
    const ids = [...welcomes, ...(await queueMessages(runtime, engagements, 18, 'cmd'))];

    const first = workerCommand();
    await waitFor(
      'some messages on Slack',
      () => postedPerOutboxId(ids).filter((n) => n > 0).length >= 8,
    ).catch((error) => {
      process.stderr.write(first.output());
      throw error;
    });
    // Jobs it was running stay locked until their lock (30 s in production) runs out; then the restarted
    // worker takes them over and looks each message up on Slack before posting.
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const second = workerCommand();
    const statuses = await settled(runtime, ids, 150_000);

    expect(statuses).toEqual(ids.map(() => 'sent'));
    const rows = await Promise.all(ids.map((id) => runtime.deps.uow.read.outbox.get(id)));
    // Everything but the coaches' memberships (two per engagement) is a message.
    const messages = rows.filter((row) => row?.platformMessageId).map((row) => row?.id ?? '');
    expect(messages).toHaveLength(ids.length - 2 * engagements.length);
    expect(postedPerOutboxId(messages)).toEqual(messages.map(() => 1));
    expect(slack.internalErrors).toEqual([]);
    expect(slack.unexpectedCalls.map((call) => call.method)).toEqual([]);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain('worker ready');
  });

  it('runs WORKER_PROCESSES processes that share the outbox: each message posted once, all stop on SIGTERM', {
    timeout: 180_000,
  }, async () => {
    const engagements = await engagementsOnSlack(6, 'TWO');
    const ids = await queueMessages(runtime, engagements, 60, 'two');
    const before = slack.messages.length;

    const worker = workerCommand({ WORKER_PROCESSES: '2' });
    const statuses = await settled(runtime, ids, 150_000);

    expect(statuses).toEqual(ids.map(() => 'sent'));
    expect(postedPerOutboxId(ids)).toEqual(ids.map(() => 1));
    expect(slack.messages.length).toBeGreaterThanOrEqual(before + ids.length);
    // Two processes announced themselves ready; both finish their batches and exit with the primary.
    await waitFor('two ready processes', () => worker.output().split('"msg":"worker ready"').length - 1 >= 2);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain('worker processes stopped');
  });

  it('refuses to start without a platform to deliver to', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/worker.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: runtime.database.url,
        REDIS_URL: runtime.redis.url,
        QUEUE_PREFIX: runtime.queues.prefix,
        TRIAD_ENCRYPTION_KEYS: `k1:${runtime.encryptionKey}`,
        SLACK_BOT_TOKEN: '',
        TEAMS_APP_ID: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr?.on('data', (chunk) => {
      errors += String(chunk);
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(errors).toContain('set SLACK_BOT_TOKEN (or SLACK_CLIENT_ID) and/or TEAMS_APP_ID');
  });
});
