import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisDeliveryPacer } from '../../jobs/redis-pacer.js';
import type { PaceRequest } from '../../src/outbox/deliver-batch.js';
import { type TestRedis, testRedis } from '../support/test-redis.js';

/** The batch pacer on real Redis: send slots handed out across calls, held by their entries, voided by a hold. */
let redis: TestRedis;
beforeAll(() => {
  redis = testRedis();
});
afterAll(() => redis.cleanup());

const T0 = Date.UTC(2026, 11, 7, 9, 30);
const at = (ms: number) => new Date(T0 + ms);

/** A pacer for one test: a Slack workspace at 5 a second (burst 2), each conversation at 1 a second. */
function pacer(name: string) {
  const client = redis.connection();
  const clock = { ms: 0, now: () => at(clock.ms) };
  return {
    clock,
    pacer: redisDeliveryPacer(client, {
      limits: { slack: { conversation: { perSecond: 1, burst: 1 }, tenant: { perSecond: 5, burst: 2 } } },
      keyOf: (key) => `${redis.prefix}:${name}:${key}`,
      clock,
    }),
    request: (conversation: string, reservedAt?: number): PaceRequest => ({
      platform: 'slack',
      tenant: 'T1',
      conversation,
      reservedAt: reservedAt === undefined ? null : at(reservedAt),
    }),
  };
}

const conversations = (from: number, count: number) =>
  Array.from({ length: count }, (_, n) => `c${from + n}`);

describe('the batch pacer', () => {
  it('gives successive calls successive slots, so a backlog is put in line once', async () => {
    const { pacer: p, request } = pacer('line');
    const first = await p.take(
      conversations(0, 4).map((c) => request(c)),
      at(0),
    );
    const second = await p.take(
      conversations(4, 3).map((c) => request(c)),
      at(10),
    );
    // Two go at once (the burst), then one every 200 ms, the second call's after the first call's.
    expect(first).toEqual([0, 0, 200, 400]);
    expect(second).toEqual([590, 790, 990]);
  });

  it('sends an entry at the slot it holds without putting it in line again', async () => {
    const { pacer: p, request } = pacer('hold');
    expect(
      await p.take(
        conversations(0, 3).map((c) => request(c)),
        at(0),
      ),
    ).toEqual([0, 0, 200]);
    // At its slot, c2 goes; a newcomer is in line after every slot given (none given since: right after c2).
    expect(await p.take([request('c9'), request('c2', 0)], at(200))).toEqual([200, 0]);
  });

  it('keeps a conversation to its own pace across calls', async () => {
    const { pacer: p, request } = pacer('conversation');
    expect(await p.take([request('c1')], at(0))).toEqual([0]);
    expect(await p.take([request('c1')], at(0))).toEqual([1000]);
    expect(await p.take([request('c1')], at(5))).toEqual([1995]);
  });

  it('voids the slots given before a Retry-After: their entries are put in line again after the hold', async () => {
    const { pacer: p, request, clock } = pacer('retry');
    expect(
      await p.take(
        conversations(0, 5).map((c) => request(c)),
        at(0),
      ),
    ).toEqual([0, 0, 200, 400, 600]);
    clock.ms = 100;
    await p.hold(request('c0'), at(3_000));
    // c2 and c3 come at their slots inside the hold: not sent into it, given slots from its end (burst 2).
    expect(await p.take([request('c2', 0)], at(200))).toEqual([2_800]);
    expect(await p.take([request('c3', 0)], at(400))).toEqual([2_600]);
    // A slot given after the hold began is good; one given before it is void even after its end: c4 is put in
    // line after c2 and c3, so that it cannot overtake an entry of its conversation that was held.
    expect(await p.take([request('c2', 200)], at(3_000))).toEqual([0]);
    expect(await p.take([request('c4', 0)], at(3_100))).toEqual([100]);
  });

  it('puts entries that came long after their slots at the end of the line, once, instead of sending them at once', async () => {
    const { pacer: p, request } = pacer('late');
    const given = await p.take(
      conversations(0, 12).map((c) => request(c)),
      at(0),
    );
    expect(given.slice(0, 3)).toEqual([0, 0, 200]);
    // No claim for 2.2 s (a worker stalled): ten slots are due, the bucket has two sends.
    const late = await p.take(
      conversations(2, 10).map((c) => request(c, 0)),
      at(2_200),
    );
    // Two go; the next waits one interval, keeping its slot; the others, behind by more, are put in line after
    // it, one interval apart (the end of the line is now: every slot given is past), not all at the same time.
    expect(late).toEqual([0, 0, 200, 400, 600, 800, 1_000, 1_200, 1_400, 1_600]);
  });
});
