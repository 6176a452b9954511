import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { httpMessenger, type MessageSink, startMessageSink } from '../support/recording-messenger.js';
import { queueMessages, startEngagements } from './support/bulk-messages.js';
import { type JobRuntime, startJobRuntime } from './support/job-runtime.js';
import { settled } from './support/running-workers.js';
import { spawnWorker, type WorkerProcess } from './support/spawn-worker.js';
import { waitFor } from './support/wait-for.js';

let runtime: JobRuntime;
const sinks: MessageSink[] = [];
const children: WorkerProcess[] = [];
beforeAll(async () => {
  runtime = await startJobRuntime();
});
afterEach(async () => {
  for (const worker of children.splice(0)) {
    worker.child.kill('SIGKILL');
    await worker.exited;
  }
});
afterAll(async () => {
  await runtime.close();
  await Promise.all(sinks.map((sink) => sink.close()));
});

async function sink(options: Parameters<typeof startMessageSink>[0] = {}) {
  const started = await startMessageSink(options);
  sinks.push(started);
  runtime.deps.messengers = { slack: httpMessenger(started.url) };
  return started;
}

async function worker(sinkUrl: string, name: string, env: Record<string, string> = {}) {
  const started = await spawnWorker(runtime, sinkUrl, name, { PACE_MS: '5', ...env });
  children.push(started);
  return started;
}

/** How many times the platform received each outbox id. */
function deliveries(messages: MessageSink['messages'], ids: readonly string[]) {
  const counts = new Map(ids.map((id) => [id, 0]));
  for (const message of messages) {
    if (counts.has(message.outboxId)) counts.set(message.outboxId, (counts.get(message.outboxId) ?? 0) + 1);
  }
  return [...counts.values()];
}

const messageRows = async (ids: readonly string[]) =>
  Promise.all(ids.map(async (id) => runtime.deps.uow.read.outbox.get(id)));

describe('worker processes', () => {
  it('two processes on one queue deliver each of 1,000 outbox messages exactly once', {
    timeout: 240_000,
  }, async () => {
    const platform = await sink();
    const { engagements, welcomes } = await startEngagements(runtime, 20, 'two');
    const ids = await queueMessages(runtime, engagements, 1_000, 'two');

    const [a, b] = await Promise.all([worker(platform.url, 'a'), worker(platform.url, 'b')]);
    const statuses = await settled(runtime, [...ids, ...welcomes], 200_000);

    expect(statuses.every((status) => status === 'sent')).toBe(true);
    expect(deliveries(platform.messages, ids)).toEqual(ids.map(() => 1));
    const senders = new Set(platform.messages.filter((m) => ids.includes(m.outboxId)).map((m) => m.sender));
    expect(senders).toEqual(new Set(['a', 'b']));
    for (const started of [a, b]) started.child.kill('SIGTERM');
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);
  });

  it('a worker killed in the middle of a batch, then restarted, leaves every message delivered exactly once', {
    timeout: 120_000,
  }, async () => {
    const platform = await sink({ latencyMs: 15 });
    const { engagements } = await startEngagements(runtime, 10, 'kill');
    const ids = await queueMessages(runtime, engagements, 300, 'kill');

    const first = await worker(platform.url, 'first');
    await waitFor(
      'a third of the batch',
      () => platform.messages.filter((m) => ids.includes(m.outboxId)).length >= 100,
    );
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const atKill = await messageRows(ids);
    const second = await worker(platform.url, 'second', { RECONCILE: 'true' });
    const statuses = await settled(runtime, ids, 90_000);

    expect(statuses.every((status) => status === 'sent')).toBe(true);
    expect(deliveries(platform.messages, ids)).toEqual(ids.map(() => 1));
    expect(atKill.filter((row) => row?.status === 'pending').length).toBeGreaterThan(0);
    expect(platform.messages.some((m) => m.sender === 'second')).toBe(true);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('SIGTERM lets the sends in flight finish before the process exits', { timeout: 120_000 }, async () => {
    const platform = await sink({ latencyMs: 300 });
    const { engagements } = await startEngagements(runtime, 8, 'term');
    const ids = await queueMessages(runtime, engagements, 40, 'term');

    // A lease long enough that a pacer slowed by a busy machine (it may stall half a lease before the batch is put
    // back untried) still lets this batch send: the test is about what SIGTERM does to sends in flight.
    const first = await worker(platform.url, 'first', { CONCURRENCY: '4', LEASE_MS: '20000' });
    // A send in flight: it reached the platform, which answers it 300 ms later. (A batch only claimed when SIGTERM
    // comes may be put back untried instead, its pace not taken: nothing is in flight then.)
    await waitFor('a send in flight', () => platform.arrivals.some((id) => ids.includes(id)));
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const afterStop = await messageRows(ids);
    await worker(platform.url, 'second');
    const statuses = await settled(runtime, ids, 90_000);

    expect(afterStop.filter((row) => row?.status === 'pending' && row.attempts > 0)).toEqual([]);
    expect(afterStop.some((row) => row?.status === 'sent')).toBe(true);
    expect(statuses.every((status) => status === 'sent')).toBe(true);
    expect(deliveries(platform.messages, ids)).toEqual(ids.map(() => 1));
  });
});
