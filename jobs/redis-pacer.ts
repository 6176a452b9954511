import type { Redis } from 'ioredis';
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
