import type { FaultResponse, FaultRule } from './types.js';

interface ActiveFault {
  rule: FaultRule;
  remaining: number | undefined;
  expiresAt: number | undefined;
}

/** Fault rules set by a test; the first live rule matching a call answers it. */
export class FaultBook {
  private rules: ActiveFault[] = [];

  add(rule: FaultRule, now: number): void {
    if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) {
      throw new Error('fake-slack: fault `times` must be a positive integer');
    }
    const ends = [rule.untilMs, rule.forMs === undefined ? undefined : now + rule.forMs].filter(
      (n): n is number => n !== undefined,
    );
    this.rules.push({
      rule,
      remaining: rule.times,
      expiresAt: ends.length > 0 ? Math.min(...ends) : undefined,
    });
  }

  clear(): void {
    this.rules = [];
  }

  /** The response a matching rule prescribes, consuming one of its uses; undefined when none applies. */
  take(method: string, channel: string | undefined, now: number): FaultResponse | undefined {
    this.rules = this.rules.filter((f) => f.expiresAt === undefined || now <= f.expiresAt);
    const active = this.rules.find((f) => matches(f.rule, method, channel));
    if (!active) return undefined;
    if (active.remaining !== undefined) {
      active.remaining -= 1;
      if (active.remaining === 0) this.rules = this.rules.filter((f) => f !== active);
    }
    return active.rule.respond;
  }
}

function matches(rule: FaultRule, method: string, channel: string | undefined): boolean {
  if (rule.method instanceof RegExp && !rule.method.test(method)) return false;
  if (typeof rule.method === 'string' && rule.method !== method) return false;
  if (rule.channel !== undefined && rule.channel !== channel) return false;
  return true;
}

export interface RateLimitOptions {
  /** chat.postMessage calls allowed per channel in any one-second window (default 1). */
  postMessagesPerSecondPerChannel?: number;
  /** Seconds sent in `Retry-After` (default 1). */
  retryAfter?: number;
}

/** Slack's "about one message per second per channel" limit for chat.postMessage. */
export class ChannelRateLimiter {
  private readonly accepted = new Map<string, number[]>();
  private readonly perSecond: number;
  readonly retryAfter: number;

  constructor(options: RateLimitOptions) {
    this.perSecond = options.postMessagesPerSecondPerChannel ?? 1;
    this.retryAfter = options.retryAfter ?? 1;
  }

  /** True when this call must be answered with 429; otherwise the call is counted. */
  limited(method: string, channel: string | undefined, now: number): boolean {
    if (method !== 'chat.postMessage' || channel === undefined) return false;
    const recent = (this.accepted.get(channel) ?? []).filter((at) => now - at < 1000);
    if (recent.length >= this.perSecond) {
      this.accepted.set(channel, recent);
      return true;
    }
    recent.push(now);
    this.accepted.set(channel, recent);
    return false;
  }
}
