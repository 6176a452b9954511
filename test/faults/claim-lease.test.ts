import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackMessenger } from '../../adapters/slack/slack-messenger.js';
import { createDeliveryClient } from '../../adapters/slack/slack-web-client.js';
import type { Engagement } from '../../src/engagement/records.js';
import { type BatchDeps, type BatchResult, deliverBatch } from '../../src/outbox/deliver-batch.js';
import type { Messenger } from '../../src/ports/messenger.js';
import type { UnitOfWork } from '../../src/ports/repositories.js';
import { queueMessages, startEngagements } from '../jobs/support/bulk-messages.js';
import { type JobRuntime, startJobRuntime } from '../jobs/support/job-runtime.js';
import { FAKE_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../support/fake-slack/index.js';

/**
 * Two delivery workers on one PostgreSQL claim batches with a lease of a second, while the first one's call to
 * Slack takes longer than that lease. Exactly one message reaches Slack: the first worker's heartbeat keeps its
 * claim while its send is in flight, and when the database does not renew that claim in time (stalled) and the
 * second worker takes the entry, the first sends nothing for it and records nothing.
 */
const LEASE_MS = 1_000;

let fake: FakeSlack;
let runtime: JobRuntime;
let slack: SlackMessenger;
let engagement: Engagement;

beforeAll(async () => {
  fake = await startFakeSlack({
    users: ['C', 'S', 'K'].map((role) => ({ id: `Ulease${role}0`, name: `lease-${role}` })),
  });
  const client = createDeliveryClient({
    token: FAKE_BOT_TOKEN,
    apiUrl: fake.url,
    logger: pino({ level: 'silent' }),
  });
  slack = new SlackMessenger(client);
  runtime = await startJobRuntime({ messengers: { slack } });
  const started = await startEngagements(runtime, 1, 'lease');
  engagement = started.engagements[0] as Engagement;
  for (let round = 0; round < 30 && !(await allSent(started.welcomes)); round += 1) {
    await deliverBatch(worker(), { size: 50, leaseMs: 10_000 });
  }
  expect(await allSent(started.welcomes)).toBe(true);
}, 60_000);

afterAll(async () => {
  await runtime?.close();
  await fake?.close();
});

async function allSent(ids: readonly string[]): Promise<boolean> {
  const rows = await Promise.all(ids.map((id) => runtime.deps.uow.read.outbox.get(id)));
  return rows.every((row) => row?.status === 'sent');
}

/** A delivery worker's deps on the shared database: its own messenger and unit of work when given. */
function worker(options: { messenger?: Messenger; uow?: UnitOfWork } = {}): BatchDeps {
  return {
    ...runtime.deps,
    messengers: { slack: options.messenger ?? slack },
    uow: options.uow ?? runtime.deps.uow,
  };
}

/** Slack messages carrying the outbox id, as the fake stored them. */
const posted = (outboxId: string) =>
  fake.messages.filter((message) => message.metadata?.event_payload?.outbox_id === outboxId);

/** The real messenger, with `send` (or `findSent`) answering only after `ms`. */
function slowSlack(method: 'send' | 'findSent', ms: number): Messenger {
  return new Proxy(slack, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property !== method) return value.bind(target);
      return async (...args: unknown[]) => {
        if (method === 'send') await sleep(ms);
        const answer = await value.apply(target, args);
        if (method === 'findSent') await sleep(ms);
        return answer;
      };
    },
  });
}

/**
 * Once the first worker has claimed the entry (its attempts counted up to `attempts`), runs a second worker
 * claiming batches every 100 ms until the first settles; returns what the second sent.
 */
async function secondWorker(until: Promise<unknown>, id: string, attempts: number): Promise<number> {
  for (let n = 0; (await runtime.deps.uow.read.outbox.get(id))?.attempts !== attempts; n += 1) {
    if (n > 200) throw new Error('the first worker did not claim the entry');
    await sleep(5);
  }
  let done = false;
  void until.finally(() => {
    done = true;
  });
  let sent = 0;
  while (!done) {
    sent += (await deliverBatch(worker(), { size: 10, leaseMs: LEASE_MS })).sent;
    await sleep(100);
  }
  return sent;
}

describe('a send slower than the claim lease, with a second worker claiming', () => {
  it('is sent once: the heartbeat keeps the claim while the send is in flight', {
    timeout: 30_000,
  }, async () => {
    const [id] = (await queueMessages(runtime, [engagement], 1, 'slow-send', 'client_dm')) as [string];

    const first = deliverBatch(worker({ messenger: slowSlack('send', 2_500) }), {
      size: 10,
      leaseMs: LEASE_MS,
    });
    const second = await secondWorker(first, id, 1);

    expect(await first).toEqual<BatchResult>({ claimed: 1, sent: 1, later: 0, other: 0 });
    expect(second).toBe(0);
    expect(posted(id)).toHaveLength(1);
    expect(await runtime.deps.uow.read.outbox.get(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('is sent once when the claim is lost meanwhile: the first worker neither sends nor records it', {
    timeout: 30_000,
  }, async () => {
    const [id] = (await queueMessages(runtime, [engagement], 1, 'lost-claim', 'client_dm')) as [string];
    // An earlier attempt whose outcome is unknown: the platform is searched before sending.
    await runtime.database
      .sql`update outbox set attempts = 1, last_error_code = 'platform_unreachable' where id = ${id}`;
    // The first worker's database stalls after its fence (its lease is not renewed for 2 s), and its search of
    // the conversation (which finds nothing) answers only after 1.5 s: by then its lease has run out.
    let fences = 0;
    const outbox = runtime.deps.uow.read.outbox;
    const stalled: UnitOfWork = {
      transaction: (work) => runtime.deps.uow.transaction(work),
      read: {
        ...runtime.deps.uow.read,
        outbox: {
          ...outbox,
          confirmClaims: async (ids, token, leaseUntil) => {
            fences += 1;
            if (fences > 1) await sleep(2_000);
            return outbox.confirmClaims(ids, token, leaseUntil);
          },
        },
      },
    };

    const first = deliverBatch(worker({ messenger: slowSlack('findSent', 1_500), uow: stalled }), {
      size: 10,
      leaseMs: LEASE_MS,
    });
    const second = await secondWorker(first, id, 2);

    expect(await first).toEqual<BatchResult>({ claimed: 1, sent: 0, later: 0, other: 1 });
    expect(second).toBe(1);
    expect(posted(id)).toHaveLength(1);
    expect(await runtime.deps.uow.read.outbox.get(id)).toMatchObject({ status: 'sent', attempts: 3 });
  });
});
