import { DeliveryError } from '../../src/ports/messenger.js';

/** When Teams says 429 without a usable Retry-After. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 2_000;
const MAX_RETRY_AFTER_MS = 15 * 60_000;

interface ConnectorFailure {
  statusCode?: unknown;
  code?: unknown;
  response?: { headers?: { get?(name: string): string | undefined | null } };
}

/** Retry-After as seconds or an HTTP date, in milliseconds from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: Date = new Date()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.min(MAX_RETRY_AFTER_MS, Math.ceil(Number(trimmed) * 1000));
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - now.getTime()));
}

/** A Teams error code (`ConversationBlockedByUser`, `BotNotInConversationRoster` …) when the body named one. */
function teamsCode(error: ConnectorFailure): string | undefined {
  return typeof error.code === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,60}$/.test(error.code)
    ? error.code
    : undefined;
}

/**
 * Maps a Bot Connector failure to the core's DeliveryError. botbuilder has already retried 429 and 5xx answers
 * itself (up to three times, honouring Retry-After) before this sees them.
 * - 429 → retryable after Retry-After (the delivery worker waits; the attempt does not count);
 * - 408, 5xx and network failures → retryable with backoff;
 * - 401 (credentials), 403 (blocked, app not installed), 404 (chat gone), 400/412/413 → not retryable.
 */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const failure = (error ?? {}) as ConnectorFailure;
  const status = typeof failure.statusCode === 'number' ? failure.statusCode : undefined;
  if (status === undefined) return new DeliveryError('network_error', true);
  if (status === 429) {
    const wait = retryAfterMs(failure.response?.headers?.get?.('retry-after'));
    return new DeliveryError('rate_limited', true, wait ?? DEFAULT_RATE_LIMIT_WAIT_MS);
  }
  const code = teamsCode(failure) ?? `http_${status}`;
  return new DeliveryError(code, status === 408 || status >= 500);
}

/** Whether a failure means "no such user, conversation or member" (404) or "not allowed" (403). */
export const statusOf = (error: unknown): number | undefined => {
  const status = (error as ConnectorFailure | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
};
