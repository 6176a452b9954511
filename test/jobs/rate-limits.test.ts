import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorkers } from '../../jobs/workers.js';
import { httpMessenger, type MessageSink, startMessageSink } from '../support/recording-messenger.js';
import { queueMessages, startEngagements } from './support/bulk-messages.js';
import { type JobRuntime, startJobRuntime } from './support/job-runtime.js';
import { runWorkers, settled } from './support/running-workers.js';

/**
 * A platform that refuses a second message to one conversation within half a second (429, Retry-After 1), like
 * Slack's per-channel limit; Triad paces each conversation at one message per second.
 */
let platform: MessageSink;
let runtime: JobRuntime;
let workers: RunningWorkers;
beforeAll(async () => {
  platform = await startMessageSink({ conversationIntervalMs: 500 });
  runtime = await startJobRuntime({ messengers: { slack: httpMessenger(platform.url) } });
  workers = await runWorkers(runtime, { intervalMs: 1_000 });
});
afterAll(async () => {
  await workers.close();
  await runtime.close();
  await platform.close();
});

describe('rate limits', () => {
  it('a 429 with Retry-After slows delivery without losing or repeating a message', {
    timeout: 60_000,
  }, async () => {
    const { engagements, welcomes } = await startEngagements(runtime, 1, 'rate');
    await settled(runtime, welcomes);
    platform.failNext({ kind: 'status', status: 429, retryAfterSeconds: 2 });
    // Six messages for the same conversation (the client's DM), queued at once.
    const ids = await queueMessages(runtime, engagements, 6, 'rate', 'client_dm');

    const statuses = await settled(runtime, ids);

    expect(statuses).toEqual(ids.map(() => 'sent'));
    const delivered = platform.messages.filter((m) => ids.includes(m.outboxId));
    expect(delivered.map((m) => m.outboxId).sort()).toEqual([...ids].sort());
    const [refused] = platform.rateLimited.filter((r) => ids.includes(r.outboxId));
    expect(refused).toBeDefined();
    const retried = delivered.find((m) => m.outboxId === refused?.outboxId);
    expect((retried?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(2_000);
    const rows = await Promise.all(ids.map((id) => runtime.deps.uow.read.outbox.get(id)));
    expect(rows.map((row) => row?.attempts)).toEqual(ids.map(() => 1));
    expect(new Set(delivered.map((m) => m.conversation))).toEqual(
      new Set([`client_dm.${engagements[0]?.id}`]),
    );
  });

  it('paces one conversation to the platform limit, so Slack never has to refuse', {
    timeout: 60_000,
  }, async () => {
    const { engagements, welcomes } = await startEngagements(runtime, 1, 'pace');
    await settled(runtime, welcomes);
    const before = platform.rateLimited.length;

    const ids = await queueMessages(runtime, engagements, 5, 'pace', 'sponsor');
    await settled(runtime, ids);

    const delivered = platform.messages.filter((m) => ids.includes(m.outboxId));
    expect(delivered).toHaveLength(5);
    expect(platform.rateLimited.slice(before)).toEqual([]);
  });
});
