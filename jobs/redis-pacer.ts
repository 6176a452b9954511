import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Platform } from '../src/engagement/records.js';
import type { DeliveryPacer, PaceRequest } from '../src/outbox/deliver-batch.js';
import type { ConversationPacer } from '../src/outbox/delivery-policy.js';
import type { Clock } from '../src/ports/clock.js';

/**
 * Reserves the next free send slot of a conversation, atomically, so every worker process shares one pace:
 * slot = max(now, next free); next free = slot + interval. Reservations are handed out in the order jobs ask,
 * which keeps a conversation's messages in queue order.
 */
const RESERVE = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, free)
redis.call('SET', KEYS[1], slot + interval, 'PX', slot + interval - now + 60000)
return slot
`;

/** Holds a conversation until a time (a platform's Retry-After), never shortening an earlier hold. */
const HOLD = `
local now = tonumber(ARGV[1])
local untilMs = tonumber(ARGV[2])
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > free then
  redis.call('SET', KEYS[1], untilMs, 'PX', untilMs - now + 60000)
end
return 1
`;

export interface PacerOptions {
  /** Minimum time between two messages to one conversation (Slack: about one per second per channel). */
  intervalMs: number;
  /** Key of a conversation, e.g. `{triad}:triad:pace:<conversation>`. */
  keyOf: (conversationKey: string) => string;
  clock: Clock;
}

export function redisPacer(redis: Redis, options: PacerOptions): ConversationPacer {
  return {
    async reserve(conversationKey) {
      const now = options.clock.now().getTime();
      const slot = await redis.eval(RESERVE, 1, options.keyOf(conversationKey), now, options.intervalMs);
      return new Date(Number(slot));
    },
    async holdUntil(conversationKey, until) {
      const now = options.clock.now().getTime();
      await redis.eval(HOLD, 1, options.keyOf(conversationKey), now, until.getTime());
    },
  };
}

/**
 * Send slots per conversation and per tenant (Slack workspace, Teams tenant), one call per batch. Each bucket
 * keeps a ledger of the slots handed out (GCRA: `tat`, the theoretical arrival time after the last slot) and a
 * token bucket of what was actually sent (`t` tokens at `at`).
 *
 * A request that holds no slot gets the next free one: the latest of now, its buckets' holds, their ledgers
 * (less the burst they allow) and the time their tokens allow one more (counting what this call gave before);
 * each of its buckets' ledgers moves on by one interval. When that slot is now, it goes now (answer 0, a token
 * taken); otherwise the answer is the wait until its slot, which the caller keeps (its row holds the slot and
 * comes back at it). Successive calls hand out successive slots, so
 * a backlog of any size is put in line once, not again and again.
 *
 * A request holding a slot (its reservedAt, when the slot was given) goes at once when its tokens allow: its slot
 * is in the ledger already. When its tokens fall short by at most one interval (it came a little late, after a
 * late neighbour), it waits that little and keeps its slot. By more, sends fell behind the ledger (slots came due
 * while no claim took them, a stalled worker: the tokens they were given were lost to the burst's cap): it gets a
 * new slot at the end of the line, once, rather than waiting again and again among slots that are on time. A slot is void when its bucket was held since it was given (a Retry-After
 * sets `since`), when the bucket is newer than it (expired or wiped: its ledger is lost) or is held now: it is
 * then asked for again like a request holding none.
 *
 * Requests holding a slot are answered first, then the others, each group in the order given. KEYS: conversation
 * and tenant key of each request; ARGV: now, then per request its conversation rate per second and burst, tenant
 * rate and burst (a rate of 0: that bucket does not limit), and reservedAt (0: holds no slot).
 */
const TAKE = `
local now = tonumber(ARGV[1])
local buckets = {}
local function bucket(key, rate, burst)
  local b = buckets[key]
  if b then return b end
  local v = redis.call('HMGET', key, 't', 'at', 'hold', 'tat', 'since')
  local interval = 1000 / rate
  local tokens = tonumber(v[1]) or burst
  local at = tonumber(v[2]) or now
  b = {
    tokens = math.min(burst, tokens + math.max(0, now - at) / interval),
    hold = tonumber(v[3]) or 0,
    tat = math.max(now, tonumber(v[4]) or now),
    since = tonumber(v[5]) or now,
    interval = interval,
    tolerance = (burst - 1) * interval,
    burst = burst,
    debt = 0,
    changed = not v[5],
  }
  buckets[key] = b
  return b
end
local function reserve(used)
  local slot = now
  for _, b in ipairs(used) do
    slot = math.max(slot, b.hold, b.tat - b.tolerance)
    local short = 1 + b.debt - b.tokens
    if short > 0 then slot = math.max(slot, now + short * b.interval) end
  end
  slot = math.ceil(slot)
  for _, b in ipairs(used) do
    b.tat = math.max(b.tat, slot) + b.interval
    b.changed = true
    if slot == now then b.tokens = b.tokens - 1 else b.debt = b.debt + 1 end
  end
  return slot - now
end
local function redeem(used, reservedAt)
  local wait = 0
  for _, b in ipairs(used) do
    if reservedAt < b.since or b.hold > now then return reserve(used) end
    local short = 1 + b.debt - b.tokens
    if short > 1 then return reserve(used) end
    if short > 0 then wait = math.max(wait, math.ceil(short * b.interval)) end
  end
  for _, b in ipairs(used) do
    b.changed = true
    if wait == 0 then b.tokens = b.tokens - 1 else b.debt = b.debt + 1 end
  end
  return wait
end
local result = {}
for pass = 1, 2 do
  for i = 1, #KEYS / 2 do
    local base = 1 + (i - 1) * 5
    local reservedAt = tonumber(ARGV[base + 5])
    if (pass == 1) == (reservedAt > 0) then
      local used = {}
      local cr, cb = tonumber(ARGV[base + 1]), tonumber(ARGV[base + 2])
      local tr, tb = tonumber(ARGV[base + 3]), tonumber(ARGV[base + 4])
      if cr > 0 then used[#used + 1] = bucket(KEYS[2 * i - 1], cr, cb) end
      if tr > 0 then used[#used + 1] = bucket(KEYS[2 * i], tr, tb) end
      if #used == 0 then
        result[i] = 0
      elseif reservedAt > 0 then
        result[i] = redeem(used, reservedAt)
      else
        result[i] = reserve(used)
      end
    end
  end
end
for key, b in pairs(buckets) do
  if b.changed then
    local ttl = math.max(b.tat, b.hold) - now + b.burst * b.interval + 60000
    redis.call('HSET', key, 't', tostring(b.tokens), 'at', tostring(now), 'tat', tostring(b.tat), 'since', tostring(b.since))
    redis.call('PEXPIRE', key, math.ceil(ttl))
  end
end
return result
`;

/**
 * Holds a bucket until a time (a Retry-After), never shortening an earlier hold. The slots given so far are void
 * (`since`): their rows ask again and are put in line from the end of the hold, so none is sent into it, and a
 * conversation's messages keep their order.
 */
const HOLD_BUCKET = `
local now = tonumber(ARGV[1])
local untilMs = tonumber(ARGV[2])
local hold = math.max(untilMs, tonumber(redis.call('HGET', KEYS[1], 'hold') or '0'))
redis.call('HSET', KEYS[1], 'hold', tostring(hold), 'since', tostring(now), 'tat', tostring(hold))
redis.call('PEXPIRE', KEYS[1], hold - now + 60000)
return 1
`;

/** A bucket: a sustained rate and how many may go at once after a quiet spell. */
export const bucketLimit = z.object({
  perSecond: z.number().nonnegative(),
  burst: z.number().int().positive(),
});
export type BucketLimit = z.infer<typeof bucketLimit>;

/** Per platform: the limit of one conversation and of one tenant (Slack workspace, Teams tenant); none for the local one. */
export type PaceLimits = Partial<Record<Platform, { conversation: BucketLimit; tenant: BucketLimit }>>;

/**
 * The platforms' documented limits. Slack: chat.postMessage about one message a second per conversation (short
 * bursts tolerated, not relied on) and a workspace-wide limit Slack does not publish ("a few hundred a minute";
 * 300). Teams: 7 per second per conversation (per bot per thread) and 50 requests a second per app per tenant.
 */
export const documentedLimits: PaceLimits = {
  slack: { conversation: { perSecond: 1, burst: 1 }, tenant: { perSecond: 5, burst: 10 } },
  teams: { conversation: { perSecond: 7, burst: 7 }, tenant: { perSecond: 50, burst: 50 } },
};

export interface DeliveryPacerOptions {
  limits: PaceLimits;
  /** Redis key of a bucket, e.g. `{triad}:triad:pace:<name>` (one slot for a cluster). */
  keyOf: (bucket: string) => string;
  clock: Clock;
}

/** The batch deliverer's pacer on Redis: every worker process on every machine shares its buckets. */
export function redisDeliveryPacer(redis: Redis, options: DeliveryPacerOptions): DeliveryPacer {
  const keys = (request: PaceRequest) => [
    options.keyOf(`conversation:${request.conversation ?? 'none'}`),
    options.keyOf(`tenant:${request.platform ?? 'none'}:${request.tenant ?? 'none'}`),
  ];
  const limitsOf = (request: PaceRequest) => {
    const limits = request.platform ? options.limits[request.platform] : undefined;
    const conversation = request.conversation && limits ? limits.conversation : { perSecond: 0, burst: 1 };
    const tenant = request.tenant && limits ? limits.tenant : { perSecond: 0, burst: 1 };
    return [conversation.perSecond, conversation.burst, tenant.perSecond, tenant.burst];
  };
  return {
    async take(requests, at) {
      if (requests.length === 0) return [];
      const now = at.getTime();
      const result = (await redis.eval(
        TAKE,
        requests.length * 2,
        ...requests.flatMap(keys),
        now,
        ...requests.flatMap((request) => [...limitsOf(request), request.reservedAt?.getTime() ?? 0]),
      )) as number[];
      return result.map(Number);
    },
    async hold(request, until) {
      // Slack's limits are per workspace and Teams' per conversation first: a 429 holds what got it.
      const [conversation, tenant] = keys(request);
      const key = request.platform === 'teams' || !request.tenant ? conversation : tenant;
      const now = options.clock.now().getTime();
      await redis.eval(HOLD_BUCKET, 1, key as string, now, until.getTime());
    },
  };
}
