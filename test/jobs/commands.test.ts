import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutboxEntry } from '../../src/outbox/deliver-outbox-entry.js';
import { DeliveryError, type Messenger } from '../../src/ports/messenger.js';
import { globalSchedules } from '../../src/scheduling/planned-jobs.js';
import { scheduleMeeting } from '../../src/use-cases/meetings/schedule-meeting.js';
import { queueMessages } from './support/bulk-messages.js';
import { engagementInCoaching, hrActor, inHours, meetingOf } from './support/engagement-journey.js';
import { type JobRuntime, startJobRuntime } from './support/job-runtime.js';
import { scheduledInRedis } from './support/redis-snapshot.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let runtime: JobRuntime;
beforeAll(async () => {
  runtime = await startJobRuntime();
});
afterAll(() => runtime.close());

/** Runs an npm script's entry point (as `npm run <script>` does) against this file's Postgres and Redis. */
function run(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      DATABASE_URL: runtime.database.url,
      REDIS_URL: runtime.redis.url,
      QUEUE_PREFIX: runtime.queues.prefix,
      TRIAD_ENCRYPTION_KEYS: `k1:${runtime.encryptionKey}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

const refusing: Messenger = {
  platform: 'slack',
  openSpace: async () => ({ channel: 'C1' }),
  openDirect: async () => ({ channel: 'D1' }),
  send: async () => {
    throw new DeliveryError('channel_not_found', false);
  },
  findSent: async () => undefined,
  retract: async () => {},
  addMember: async () => {},
  removeMember: async () => {},
};

describe('operator commands', () => {
  it('jobs:status shows queue counts and failed deliveries by id and code, never their content', {
    timeout: 60_000,
  }, async () => {
    const engagement = await engagementInCoaching(runtime);
    const [failed] = await queueMessages(runtime, [engagement], 1, 'status-canary', 'client_dm');
    // The engagement's earlier entries go first (a space's entries are delivered in the order written).
    const pending = await runtime.deps.uow.read.outbox.listByEngagement(engagement.id);
    for (const entry of pending.filter((e) => e.status === 'pending')) {
      await deliverOutboxEntry({ outboxId: entry.id }, { ...runtime.deps, messengers: { slack: refusing } });
    }
    expect((await runtime.deps.uow.read.outbox.get(failed ?? ''))?.status).toBe('failed');

    const { code, stdout, stderr } = await run('bin/jobs-status.ts');

    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/schedule: waiting \d+, active \d+, delayed \d+/);
    expect(stdout).toMatch(/delivery: waiting \d+/);
    expect(stdout).toContain(`${failed}  engagement ${engagement.id}  channel_not_found  attempts 1`);
    expect(stdout).not.toContain('status-canary');
  });

  it('jobs:reconcile rebuilds the schedules from the database', { timeout: 60_000 }, async () => {
    const engagement = await engagementInCoaching(runtime);
    // Three hours out: its one-hour reminder is within the horizon, so Redis holds a job of this engagement.
    const midpoint = await meetingOf(runtime, engagement.id, 'midpoint');
    await scheduleMeeting(
      { actor: hrActor, meetingId: midpoint.id, localDateTime: inHours(3) },
      runtime.deps,
    );
    const before = await scheduledInRedis(runtime.queues, [engagement.id]);
    const [lost] = before.jobs;
    if (!lost) throw new Error('the engagement has no one-off jobs');
    await runtime.queues.schedule.remove(lost.id);
    await runtime.queues.schedule.removeJobScheduler(globalSchedules.promptTick.id);

    const { code, stdout } = await run('bin/reconcile.ts');

    expect(code).toBe(0);
    expect(stdout).toMatch(/Engagements reconciled: \d+/);
    expect(await scheduledInRedis(runtime.queues, [engagement.id])).toEqual(before);
    expect(await runtime.queues.schedule.getJobScheduler(globalSchedules.promptTick.id)).toMatchObject({
      pattern: '* * * * *',
    });
  });
});
