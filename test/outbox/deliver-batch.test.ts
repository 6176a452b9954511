import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DeliveryPacer, deliverBatch, type PaceRequest } from '../../src/outbox/deliver-batch.js';
import { deliverOutboxEntry } from '../../src/outbox/deliver-outbox-entry.js';
import type { TestCore } from '../support/core-deps.js';
import { httpMessenger, type MessageSink, startMessageSink } from '../support/recording-messenger.js';
import { queueMessage, startedEngagement } from './started-engagement.js';

let sink: MessageSink;
beforeAll(async () => {
  sink = await startMessageSink();
});
afterAll(() => sink.close());

/** A pacer that lets `allowed` sends go and asks the rest to wait a second; records holds. */
function scriptedPacer(allowed: number) {
  const holds: { request: PaceRequest; until: Date }[] = [];
  const asked: PaceRequest[] = [];
  let left = allowed;
  const pacer: DeliveryPacer = {
    take: async (requests) =>
      requests.map((request) => {
        asked.push(request);
        if (left <= 0) return 1_000;
        left -= 1;
        return 0;
      }),
    hold: async (request, until) => {
      holds.push({ request, until });
    },
  };
  return { pacer, holds, asked };
}

const deps = (core: TestCore, pacer?: DeliveryPacer) => ({
  ...core,
  messengers: { slack: httpMessenger(sink.url) },
  policy: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000 },
  ...(pacer ? { deliveryPacer: pacer } : {}),
});
const sentFor = (outboxId: string) => sink.messages.filter((m) => m.outboxId === outboxId);

async function welcomedWith(messages: number) {
  const started = await startedEngagement();
  for (const id of started.outboxIds) await deliverOutboxEntry({ outboxId: id }, deps(started.core));
  const ids: string[] = [];
  for (const space of ['client_dm', 'sponsor'] as const) {
    for (let n = 0; n < messages; n += 1) {
      ids.push(
        await queueMessage(started.core, started.engagement.id, `e:${started.engagement.id}:${space}:${n}`, {
          space,
        }),
      );
    }
  }
  return { ...started, ids };
}

describe('delivering the outbox in batches', () => {
  it('sends what its pace allows, puts the rest back without counting an attempt, and never sends twice', async () => {
    const { core, ids, engagement } = await welcomedWith(2);
    const { pacer, asked } = scriptedPacer(1);

    const first = await deliverBatch(deps(core, pacer), { size: 10, leaseMs: 30_000 });

    // One entry per space is claimable (order within a space); the pace lets one of them go.
    expect(first).toEqual({ claimed: 2, sent: 1, later: 1, other: 0 });
    expect(asked.map((r) => [r.platform, r.conversation])).toEqual([
      ['slack', `space.${engagement.id}.client_dm`],
      ['slack', `space.${engagement.id}.sponsor`],
    ]);
    expect(asked[0]?.tenant).toBeTruthy();
    const rows = await Promise.all(ids.map((id) => core.uow.read.outbox.get(id)));
    expect(rows.map((r) => [r?.status, r?.attempts])).toEqual([
      ['sent', 1],
      ['pending', 0],
      ['pending', 0],
      ['pending', 0],
    ]);

    for (let round = 0; round < 10; round += 1) {
      core.clock.advance(2_000);
      await deliverBatch(deps(core), { size: 10, leaseMs: 30_000 });
    }
    const after = await Promise.all(ids.map((id) => core.uow.read.outbox.get(id)));
    expect(after.map((r) => r?.status)).toEqual(ids.map(() => 'sent'));
    expect(ids.map((id) => sentFor(id).length)).toEqual(ids.map(() => 1));
  });

  it('waits out a 429 as told, holding what got it, without using up an attempt', async () => {
    const { core, ids } = await welcomedWith(1);
    const { pacer, holds } = scriptedPacer(10);
    sink.failNext({ kind: 'status', status: 429, retryAfterSeconds: 7 });

    const result = await deliverBatch(deps(core, pacer), { size: 1, leaseMs: 30_000 });

    expect(result).toEqual({ claimed: 1, sent: 0, later: 1, other: 0 });
    expect(holds).toHaveLength(1);
    const row = await core.uow.read.outbox.get(ids[0] as string);
    expect(row).toMatchObject({ status: 'pending', attempts: 0 });
    expect(row?.availableAt).toEqual(holds[0]?.until);
  });

  it('after a worker died with a claim, looks the message up before sending it again', async () => {
    const { core, ids } = await welcomedWith(1);
    const id = ids[0] as string;
    sink.failNext({ kind: 'drop_after_post' });
    const lost = await deliverBatch(deps(core), { size: 1, leaseMs: 30_000 });
    expect(lost.sent).toBe(0);
    expect((await core.uow.read.outbox.get(id))?.attempts).toBe(1);

    core.clock.advance(31_000);
    await deliverBatch(deps(core), { size: 5, leaseMs: 30_000 });

    expect(sentFor(id)).toHaveLength(1);
    expect((await core.uow.read.outbox.get(id))?.status).toBe('sent');
  });

  it('sends nothing whose claim ran out while its pace was slow: the worker that claimed it again sends it, once', async () => {
    const { core, ids } = await welcomedWith(1);
    const id = ids[0] as string;
    let release: ((waits: number[]) => void) | undefined;
    const stalled: DeliveryPacer = {
      take: (requests) =>
        new Promise<number[]>((resolve) => {
          release = resolve;
          void requests;
        }),
      hold: async () => undefined,
    };
    // The first batch claims, then waits on its pace (Redis paused) longer than its lease.
    const slow = deliverBatch(deps(core, stalled), { size: 1, leaseMs: 30_000, paceTimeoutMs: 120_000 });
    await vi.waitFor(() => expect(release).not.toBe(undefined));
    await vi.waitFor(async () => expect((await core.uow.read.outbox.get(id))?.attempts).toBe(1));
    core.clock.advance(31_000);
    const other = await deliverBatch(deps(core), { size: 5, leaseMs: 30_000 });
    expect(other).toMatchObject({ claimed: 2, sent: 2 });

    release?.([0]);
    const late = await slow;

    expect(late).toEqual({ claimed: 1, sent: 0, later: 0, other: 1 });
    expect(sentFor(id)).toHaveLength(1);
    expect(await core.uow.read.outbox.get(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it("after a clock step lands a second claim on the first one's lease, only the claim that holds the entry sends it", async () => {
    const { core, ids } = await welcomedWith(1);
    const id = ids[0] as string;
    const stalledPacer = () => {
      const gate: { release?: (waits: number[]) => void } = {};
      const pacer: DeliveryPacer = {
        take: () =>
          new Promise<number[]>((resolve) => {
            gate.release = resolve;
          }),
        hold: async () => undefined,
      };
      return { pacer, gate };
    };
    const start = core.clock.now();
    const a = stalledPacer();
    const first = deliverBatch(deps(core, a.pacer), { size: 1, leaseMs: 30_000, paceTimeoutMs: 120_000 });
    await vi.waitFor(() => expect(a.gate.release).not.toBe(undefined));
    // The first claim's lease runs out; a second worker claims the entry again and waits on its pace too.
    core.clock.advance(30_000);
    const b = stalledPacer();
    const second = deliverBatch(deps(core, b.pacer), { size: 5, leaseMs: 30_000, paceTimeoutMs: 120_000 });
    await vi.waitFor(() => expect(b.gate.release).not.toBe(undefined));
    // The clock is stepped back 30 s (NTP): the second claim renews its lease to the first claim's expiry, and
    // then the first claim fences its own (both paces answer at once).
    core.clock.set(start);
    b.gate.release?.([0, 0]);
    a.gate.release?.([0]);
    expect(await second).toMatchObject({ claimed: 2, sent: 2 });
    expect(await first).toEqual({ claimed: 1, sent: 0, later: 0, other: 1 });

    expect(sentFor(id)).toHaveLength(1);
    expect(await core.uow.read.outbox.get(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('fences a claim its pacer answered at once by reading it, and renews a claim whose pace was slow', async () => {
    const { core, ids } = await welcomedWith(1);
    const outbox = core.uow.read.outbox;
    const fences: { kind: 'read' | 'renew'; ids: readonly string[]; until?: Date }[] = [];
    const watched = {
      ...core,
      uow: {
        transaction: core.uow.transaction,
        read: {
          ...core.uow.read,
          outbox: {
            ...outbox,
            heldClaims: (held: readonly string[], token: string) => {
              fences.push({ kind: 'read', ids: held });
              return outbox.heldClaims(held, token);
            },
            confirmClaims: (held: readonly string[], token: string, until: Date) => {
              fences.push({ kind: 'renew', ids: held, until });
              return outbox.confirmClaims(held, token, until);
            },
          },
        },
      },
    };
    const first = ids[0] as string;
    const second = ids[1] as string;
    expect(
      await deliverBatch(deps(watched, scriptedPacer(1).pacer), { size: 1, leaseMs: 30_000 }),
    ).toMatchObject({
      sent: 1,
    });
    expect(fences).toEqual([{ kind: 'read', ids: [first] }]);

    // The second entry's pace answers 5 s after its claim: its lease is renewed from then.
    const slow: DeliveryPacer = {
      take: async (requests) => {
        core.clock.advance(5_000);
        return requests.map(() => 0);
      },
      hold: async () => undefined,
    };
    fences.length = 0;
    expect(await deliverBatch(deps(watched, slow), { size: 1, leaseMs: 30_000 })).toMatchObject({ sent: 1 });
    expect(fences).toEqual([
      { kind: 'renew', ids: [second], until: new Date(core.clock.now().getTime() + 30_000) },
    ]);
    expect(ids.map((id) => sentFor(id).length)).toEqual([1, 1]);
  });

  it('puts a batch back untried when its pacer fails or does not answer in time', async () => {
    const { core, ids } = await welcomedWith(1);
    const silent: DeliveryPacer = { take: () => new Promise(() => undefined), hold: async () => undefined };
    const failing: DeliveryPacer = {
      take: async () => {
        throw new Error('connection lost');
      },
      hold: async () => undefined,
    };
    for (const pacer of [silent, failing]) {
      const result = await deliverBatch(deps(core, pacer), { size: 5, leaseMs: 30_000, paceTimeoutMs: 50 });
      expect(result).toEqual({ claimed: 2, sent: 0, later: 2, other: 0 });
      const rows = await Promise.all(ids.map((id) => core.uow.read.outbox.get(id)));
      expect(rows.map((r) => [r?.status, r?.attempts])).toEqual([
        ['pending', 0],
        ['pending', 0],
      ]);
      expect(ids.map((id) => sentFor(id).length)).toEqual([0, 0]);
      core.clock.advance(2_000);
    }
    await deliverBatch(deps(core), { size: 5, leaseMs: 30_000 });
    expect(ids.map((id) => sentFor(id).length)).toEqual([1, 1]);
  });
});
