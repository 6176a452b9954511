import * as webApi from '@slack/web-api';
import { DeliveryError } from '../../src/ports/messenger.js';

/** Slack's own trouble: worth another attempt later. */
const TRANSIENT = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'team_added_to_org',
]);

const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;

/**
 * Slack refusing the token itself (uninstalled, revoked, expired): the message is not at fault, so it waits for
 * the workspace to come back (or the token to be refreshed) without using up an attempt, instead of failing.
 */
const TOKEN_REFUSED = new Set(['token_revoked', 'token_expired', 'invalid_auth', 'not_authed']);
const TOKEN_REFUSED_WAIT_MS = 60_000;

/**
 * Maps a WebClient failure to the core's DeliveryError: 429 → retryable after Retry-After; `ratelimited`
 * and Slack's 5xx/network trouble → retryable; a gone channel or person → not retryable.
 */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case webApi.ErrorCode.RateLimitedError: {
      const seconds = (error as webApi.WebAPIRateLimitedError).retryAfter;
      const ms = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_RATE_LIMIT_WAIT_MS;
      return new DeliveryError('rate_limited', true, ms);
    }
    case webApi.ErrorCode.PlatformError: {
      const slackError = String((error as webApi.WebAPIPlatformError).data?.error ?? 'unknown');
      if (slackError === 'ratelimited')
        return new DeliveryError('ratelimited', true, DEFAULT_RATE_LIMIT_WAIT_MS);
      if (TRANSIENT.has(slackError)) return new DeliveryError(slackError, true);
      if (TOKEN_REFUSED.has(slackError)) return new DeliveryError(slackError, true, TOKEN_REFUSED_WAIT_MS);
      // Everything else is Slack saying no for good: channel_not_found, not_in_channel, is_archived,
      // account_inactive, invalid_blocks …
      return new DeliveryError(slackError, false);
    }
    case webApi.ErrorCode.HTTPError: {
      const status = (error as webApi.WebAPIHTTPError).statusCode;
      return new DeliveryError(`http_${status}`, status >= 500 || status === 408);
    }
    case webApi.ErrorCode.RequestError:
      return new DeliveryError('network_error', true);
    default:
      return new DeliveryError('unknown_error', true);
  }
}

/** The Slack error string of a platform error (e.g. `name_taken`), if that is what it is. */
export function platformErrorOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; data?: { error?: unknown } } | null;
  return e?.code === webApi.ErrorCode.PlatformError ? String(e.data?.error) : undefined;
}
