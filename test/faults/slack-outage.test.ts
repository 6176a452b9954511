import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackMessenger } from '../../adapters/slack/slack-messenger.js';
import { createDeliveryClient } from '../../adapters/slack/slack-web-client.js';
import type { RunningWorkers } from '../../jobs/workers.js';
import type { Engagement } from '../../src/engagement/records.js';
import { queueMessages, startEngagements } from '../jobs/support/bulk-messages.js';
import { type JobRuntime, startJobRuntime } from '../jobs/support/job-runtime.js';
import { runWorkers, settled } from '../jobs/support/running-workers.js';
import {
  FAKE_BOT_TOKEN,
  type FakeSlack,
  type FaultResponse,
  startFakeSlack,
} from '../support/fake-slack/index.js';

/**
 * The fake Slack Web API answers every call with 429 (Retry-After), then with HTTP 500, then with `ratelimited`,
 * each for a window while a batch of messages waits to go out. Production rides out a minute of this (ten
 * attempts, backoff from 5 s to 15 min); here the window and the backoff are both scaled down (3 s, 100 ms to
 * 1 s, ten attempts) and the same counts must hold: delivery waits the window out, nothing is lost, nothing is
 * sent twice, and only real failures use up attempts.
 */
const WINDOW_MS = 3_000;
const ENGAGEMENTS = 4;
const MESSAGES = 24;

let fake: FakeSlack;
let runtime: JobRuntime;
let workers: RunningWorkers;
let engagements: Engagement[];

beforeAll(async () => {
  fake = await startFakeSlack({
    users: Array.from({ length: ENGAGEMENTS }, (_, i) =>
      ['C', 'S', 'K'].map((role) => ({ id: `Uout${role}${i}`, name: `out-${role}-${i}` })),
    ).flat(),
  });
  const client = createDeliveryClient({
    token: FAKE_BOT_TOKEN,
    apiUrl: fake.url,
    logger: pino({ level: 'silent' }),
  });
  runtime = await startJobRuntime({ messengers: { slack: new SlackMessenger(client) } });
  workers = await runWorkers(runtime, { intervalMs: 20 });
  runtime.deps.deliveryPolicy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 };
  const started = await startEngagements(runtime, ENGAGEMENTS, 'out');
  engagements = started.engagements;
  await settled(runtime, started.welcomes);
}, 60_000);

afterAll(async () => {
  await workers?.close();
  await runtime?.close();
  await fake?.close();
});

/** Deliveries per outbox id, read from the message metadata the fake Slack stored. */
function deliveries(ids: readonly string[]): Map<string, number> {
  const counts = new Map(ids.map((id) => [id, 0]));
  for (const message of fake.messages) {
    const id = String(message.metadata?.event_payload?.outbox_id ?? '');
    if (counts.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

const cases: [string, FaultResponse, (attempts: number[]) => void][] = [
  [
    '429 with Retry-After',
    { status: 429, retryAfter: 1 },
    // Slack said "not now": waiting is not a failed attempt.
    (attempts) => expect(attempts.every((n) => n === 1)).toBe(true),
  ],
  [
    'HTTP 500',
    { status: 500 },
    (attempts) => {
      expect(attempts.some((n) => n > 1)).toBe(true);
      expect(Math.max(...attempts)).toBeLessThan(10);
    },
  ],
  [
    '`ratelimited`',
    { error: 'ratelimited' },
    (attempts) => expect(attempts.every((n) => n === 1)).toBe(true),
  ],
];

describe('the Slack Web API refusing everything for a while', () => {
  it.each(cases)(
    'with %s: every message is delivered once, after the window',
    {
      timeout: 90_000,
    },
    async (name, respond, checkAttempts) => {
      const faultedBefore = fake.calls.filter((call) => call.faulted).length;
      const windowStart = Date.now();
      fake.setFault({ respond, forMs: WINDOW_MS });
      const ids = await queueMessages(runtime, engagements, MESSAGES, name.replace(/\W/g, ''));

      const statuses = await settled(runtime, ids, 60_000);

      expect(statuses).toEqual(ids.map(() => 'sent'));
      expect([...deliveries(ids).values()]).toEqual(ids.map(() => 1));
      const faulted = fake.calls.filter((call) => call.faulted).length - faultedBefore;
      expect(faulted).toBeGreaterThanOrEqual(ENGAGEMENTS);
      const sends = fake
        .callsTo('chat.postMessage')
        .filter(
          (call) =>
            call.ok &&
            ids.includes(
              String(
                (call.args.metadata as { event_payload?: { outbox_id?: string } })?.event_payload?.outbox_id,
              ),
            ),
        );
      expect(sends).toHaveLength(MESSAGES);
      expect(Math.min(...sends.map((call) => call.at))).toBeGreaterThanOrEqual(windowStart + WINDOW_MS);
      const rows = await Promise.all(ids.map((id) => runtime.deps.uow.read.outbox.get(id)));
      checkAttempts(rows.map((row) => row?.attempts ?? 0));
      expect(fake.internalErrors).toEqual([]);
    },
  );
});
