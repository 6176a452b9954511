import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeliveryLoop, startDeliveryLoop } from '../../jobs/delivery-loop.js';
import type { JobDeps } from '../../jobs/job-definition.js';
import { triadKey } from '../../jobs/queues.js';
import { redisDeliveryPacer } from '../../jobs/redis-pacer.js';
import type { Engagement } from '../../src/engagement/records.js';
import type { UnitOfWork } from '../../src/ports/repositories.js';
import { httpMessenger, type MessageSink, startMessageSink } from '../support/recording-messenger.js';
import { queueMessages, startEngagements } from './support/bulk-messages.js';
import { type JobRuntime, startJobRuntime } from './support/job-runtime.js';
import { settled } from './support/running-workers.js';

/**
 * A backlog far larger than a batch, all to one Slack workspace with a small limit, delivered by the real batch
 * loop (two loops, Redis pacer, PostgreSQL claims) to a platform that refuses a second message to a
 * conversation within 900 ms. Each entry is put in line once: claimed about twice in all (once to be given its
 * send slot, once at that slot to be sent), not again and again while the backlog waits.
 */
const WORKSPACE = { perSecond: 30, burst: 5 };
const ENGAGEMENTS = 30;
const MESSAGES = 270;

let platform: MessageSink;
let runtime: JobRuntime;
let engagements: Engagement[];
let loop: DeliveryLoop | undefined;
let claimed = 0;

/** The runtime's unit of work, counting the entries each claim hands out. */
function countingUow(uow: UnitOfWork): UnitOfWork {
  return {
    transaction: (work) => uow.transaction(work),
    get read() {
      const read = uow.read;
      return {
        ...read,
        outbox: {
          ...read.outbox,
          claimDue: async (...args: Parameters<typeof read.outbox.claimDue>) => {
            const batch = await read.outbox.claimDue(...args);
            claimed += batch.length;
            return batch;
          },
        },
      };
    },
  };
}

beforeAll(async () => {
  platform = await startMessageSink({ conversationIntervalMs: 900 });
  runtime = await startJobRuntime({ messengers: { slack: httpMessenger(platform.url) } });
  const deps: JobDeps = {
    ...runtime.deps,
    uow: countingUow(runtime.deps.uow),
    deliveryPacer: redisDeliveryPacer(runtime.queues.redis, {
      limits: { slack: { conversation: { perSecond: 1, burst: 1 }, tenant: WORKSPACE } },
      keyOf: (key) => triadKey(runtime.queues, 'bucket', key),
      clock: runtime.deps.clock,
    }),
    deliveryPolicy: { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 2_000 },
    deliveredInBatches: true,
  };
  loop = startDeliveryLoop(deps, { size: 50, leaseMs: 10_000, pollMs: 50, concurrency: 2 });
  const started = await startEngagements(runtime, ENGAGEMENTS, 'backlog');
  engagements = started.engagements;
  await settled(runtime, started.welcomes, 60_000);
}, 90_000);

afterAll(async () => {
  await loop?.close();
  await runtime?.close();
  await platform?.close();
});

describe('a backlog paced to one workspace', () => {
  it("is delivered at the workspace's limit, each entry claimed about twice, in order, once each, with no 429", {
    timeout: 90_000,
  }, async () => {
    const before = { claimed, refused: platform.rateLimited.length };
    // Three messages to each of the engagements' three spaces, committed at once.
    const ids = await queueMessages(runtime, engagements, MESSAGES, 'backlog');

    const statuses = await settled(runtime, ids, 60_000);

    expect(statuses).toEqual(ids.map(() => 'sent'));
    const delivered = platform.messages.filter((m) => ids.includes(m.outboxId));
    // Nothing lost, nothing twice.
    expect(delivered.map((m) => m.outboxId).sort()).toEqual([...ids].sort());
    expect(platform.rateLimited.length - before.refused).toBe(0);
    // The order of each space's messages, as written.
    const byConversation = new Map<string, string[]>();
    for (const message of delivered) {
      byConversation.set(message.conversation, [
        ...(byConversation.get(message.conversation) ?? []),
        message.outboxId,
      ]);
    }
    for (const sent of byConversation.values()) {
      expect(sent).toEqual([...sent].sort((a, b) => ids.indexOf(a) - ids.indexOf(b)));
    }
    // Never more in a second than the workspace's rate and burst allow (a little slack for timers).
    const times = delivered.map((m) => m.at).sort((a, b) => a - b);
    const busiest = Math.max(...times.map((at) => times.filter((t) => t >= at && t < at + 1_000).length));
    expect(busiest).toBeLessThanOrEqual(WORKSPACE.perSecond + WORKSPACE.burst + 2);
    // Close to the limit: the backlog takes about as long as the rate says.
    const seconds = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
    expect(seconds).toBeGreaterThanOrEqual((MESSAGES - WORKSPACE.burst) / WORKSPACE.perSecond - 1);
    // Each entry claimed about twice: to be given its slot, then at it; not once per batch that went before it.
    const claimsPerMessage = (claimed - before.claimed) / MESSAGES;
    expect(claimsPerMessage).toBeLessThanOrEqual(2.5);
  });
});
