import * as webApi from '@slack/web-api';
import type { Logger } from '../../src/ports/logger.js';
import { leanFetchWithin } from './lean-fetch.js';
import { slackLogger } from './slack-logger.js';

export interface SlackClientOptions {
  /** The client's own token; none for a delivery client shared by workspaces whose calls pass theirs. */
  token?: string | undefined;
  /** Web API base URL (config SLACK_API_URL); Slack's own when absent. */
  apiUrl?: string | undefined;
  logger: Logger;
  /**
   * An org-wide (Enterprise Grid) token acts for many workspaces: the workspace each call is for, which the client
   * adds to every call as `team_id`.
   */
  teamId?: string | undefined;
  /** How long one attempt may wait for Slack's whole answer; each client has its default (tests shorten it). */
  timeoutMs?: number | undefined;
}

/** How long a delivery call may wait for Slack's whole answer before it fails as a network error. */
const DELIVERY_TIMEOUT_MS = 10_000;
/** How long one attempt of a lookup may wait: a person is waiting, or a tick is filling in presence. */
const LOOKUP_TIMEOUT_MS = 2_000;

/**
 * The Web API client for outbound delivery: it never waits out a 429 or retries by itself, so the delivery
 * worker sees the DeliveryError (with Retry-After) and schedules the retry in the queue, not in memory. Its
 * requests go through the lean fetch (keep-alive `node:http`), the built-in fetch costing twice the CPU per message,
 * and the lean fetch keeps their deadline (the client's own `timeout` is off: see `leanFetchWithin`).
 * Its own queue holds nothing back: what is in flight is bounded by the delivery batches, and paced per
 * workspace and conversation in Redis, so one workspace's sends never wait behind another's in a shared client.
 */
export function createDeliveryClient(options: SlackClientOptions): webApi.WebClient {
  return new webApi.WebClient(options.token, {
    maxRequestConcurrency: Number.POSITIVE_INFINITY,
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    ...(options.teamId ? { teamId: options.teamId } : {}),
    logger: slackLogger(options.logger, 'slack-delivery'),
    fetch: leanFetchWithin(options.timeoutMs ?? DELIVERY_TIMEOUT_MS),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: 0,
  });
}

/**
 * The client for lookups made while a person waits (users.info) and for presence (dnd.info, users.profile.get): a
 * couple of quick retries at most, each attempt on the lean fetch with its own deadline, as delivery's are.
 */
export function createLookupClient(options: SlackClientOptions): webApi.WebClient {
  return new webApi.WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    ...(options.teamId ? { teamId: options.teamId } : {}),
    logger: slackLogger(options.logger, 'slack-lookup'),
    fetch: leanFetchWithin(options.timeoutMs ?? LOOKUP_TIMEOUT_MS),
    retryConfig: { retries: 2, factor: 1, minTimeout: 100, maxTimeout: 300 },
    timeout: 0,
  });
}
