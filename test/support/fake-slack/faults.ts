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
  /**
   * Slack's workspace-wide limit on posting, as a token bucket: `perSecond` sustained, `burst` at once after a
   * quiet spell. Slack does not publish its figure; a run sets the one it enforces. None by default.
   */
  workspace?: { perSecond: number; burst: number };
  /** Which workspace a call counts against; by default its token (one token per installed workspace). */
  workspaceOf?: (call: { channel: string | undefined; token: string | undefined }) => string;
}

/**
 * Slack's limits for chat.postMessage: "about one message per second per channel", and a workspace-wide limit
 * when `workspace` is given. A refused call is not counted; Retry-After says when the workspace has room again.
 */
export class ChannelRateLimiter {
  private readonly accepted = new Map<string, number[]>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perSecond: number;
  private readonly options: RateLimitOptions;
  /** Seconds to wait after the last refusal. */
  retryAfter: number;

  constructor(options: RateLimitOptions) {
    this.options = options;
    this.perSecond = options.postMessagesPerSecondPerChannel ?? 1;
    this.retryAfter = options.retryAfter ?? 1;
  }

  /** True when this call must be answered with 429; otherwise the call is counted. */
  limited(method: string, channel: string | undefined, now: number, token?: string): boolean {
    if (method !== 'chat.postMessage' || channel === undefined) return false;
    const recent = (this.accepted.get(channel) ?? []).filter((at) => now - at < 1000);
    this.accepted.set(channel, recent);
    if (recent.length >= this.perSecond) {
      this.retryAfter = this.options.retryAfter ?? 1;
      return true;
    }
    const workspace = this.options.workspace;
    if (workspace) {
      const key = this.options.workspaceOf?.({ channel, token }) ?? token ?? 'none';
      const bucket = this.buckets.get(key) ?? { tokens: workspace.burst, at: now };
      bucket.tokens = Math.min(
        workspace.burst,
        bucket.tokens + ((now - bucket.at) * workspace.perSecond) / 1000,
      );
      bucket.at = now;
      this.buckets.set(key, bucket);
      if (bucket.tokens < 1) {
        this.retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / workspace.perSecond));
        return true;
      }
      bucket.tokens -= 1;
    }
    recent.push(now);
    return false;
  }
}
