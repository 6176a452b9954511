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
 * Token buckets per conversation and per tenant (Slack workspace, Teams tenant), one call per batch. A request
 * takes one token from each of its buckets only when both have one now; otherwise it is told how long to wait,
 * counting the requests before it in the same call that wait on the same bucket, so a batch's waiting entries
 * come back spread over the time their buckets need, not all at once. A bucket held by a Retry-After waits
 * until then. KEYS: conversation and tenant key of each request; ARGV: now, then each request's conversation
 * rate per second and burst, tenant rate and burst (a rate of 0: that bucket does not limit).
 */
const TAKE = `
local now = tonumber(ARGV[1])
local buckets = {}
local function bucket(key, rate, burst)
  local b = buckets[key]
  if b then return b end
  local v = redis.call('HMGET', key, 't', 'at', 'hold')
  local tokens = tonumber(v[1]) or burst
  local at = tonumber(v[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
  b = { tokens = tokens, hold = tonumber(v[3]) or 0, rate = rate, burst = burst, taken = false, debt = 0 }
  buckets[key] = b
  return b
end
local function waitOf(b)
  local w = 0
  if b.hold > now then w = b.hold - now end
  local short = 1 + b.debt - b.tokens
  if short > 0 then w = math.max(w, math.ceil(short * 1000 / b.rate)) end
  return w
end
local result = {}
for i = 1, #KEYS / 2 do
  local base = 1 + (i - 1) * 4
  local used = {}
  local cr, cb = tonumber(ARGV[base + 1]), tonumber(ARGV[base + 2])
  local tr, tb = tonumber(ARGV[base + 3]), tonumber(ARGV[base + 4])
  if cr > 0 then used[#used + 1] = bucket(KEYS[2 * i - 1], cr, cb) end
  if tr > 0 then used[#used + 1] = bucket(KEYS[2 * i], tr, tb) end
  local w = 0
  for _, b in ipairs(used) do w = math.max(w, waitOf(b)) end
  for _, b in ipairs(used) do
    if w == 0 then
      b.tokens = b.tokens - 1
      b.taken = true
    else
      b.debt = b.debt + 1
    end
  end
  result[i] = w
end
for key, b in pairs(buckets) do
  if b.taken then
    local ttl = math.max(0, b.hold - now) + math.ceil(b.burst * 1000 / b.rate) + 60000
    redis.call('HSET', key, 't', tostring(b.tokens), 'at', tostring(now))
    redis.call('PEXPIRE', key, ttl)
  end
end
return result
`;

/** Holds a bucket until a time (a Retry-After), never shortening an earlier hold. */
const HOLD_BUCKET = `
local now = tonumber(ARGV[1])
local untilMs = tonumber(ARGV[2])
local hold = tonumber(redis.call('HGET', KEYS[1], 'hold') or '0')
if untilMs > hold then
  redis.call('HSET', KEYS[1], 'hold', tostring(untilMs))
  redis.call('PEXPIRE', KEYS[1], untilMs - now + 60000)
end
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
    async take(requests) {
      if (requests.length === 0) return [];
      const now = options.clock.now().getTime();
      const result = (await redis.eval(
        TAKE,
        requests.length * 2,
        ...requests.flatMap(keys),
        now,
        ...requests.flatMap(limitsOf),
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
