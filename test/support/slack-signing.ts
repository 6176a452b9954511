/**
 * Inbound side of the Slack boundary for tests: request bodies shaped like Slack's, signed with Slack's v0
 * HMAC-SHA256 scheme, posted to the real Bolt HTTP endpoint.
 */
import { createHmac, randomBytes } from 'node:crypto';
import {
  FAKE_APP_ID,
  FAKE_BOT_USER_ID,
  FAKE_TEAM_DOMAIN,
  FAKE_TEAM_ID,
  FAKE_VERIFICATION_TOKEN,
} from './fake-slack/defaults.js';
import { fakeTriggerId } from './fake-slack/interaction-payloads.js';

export { type ResponseUrlPost, type ResponseUrlSink, startResponseUrlSink } from './fake-slack/index.js';

export interface InboundBody {
  body: string;
  contentType: 'application/x-www-form-urlencoded' | 'application/json';
}

export interface SignedSlackRequest {
  headers: Record<string, string>;
  body: string;
}

export interface SignOptions {
  signingSecret: string;
  /** A builder's result, or a raw body (JSON when it starts with `{`, form-encoded otherwise). */
  body: InboundBody | string;
  /** Epoch seconds; now when left out. */
  timestamp?: number;
  retryNum?: number;
  retryReason?: string;
}

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`. */
export function slackSignature(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function signedSlackRequest(options: SignOptions): SignedSlackRequest {
  const inbound: InboundBody =
    typeof options.body === 'string'
      ? {
          body: options.body,
          contentType: options.body.trimStart().startsWith('{')
            ? 'application/json'
            : 'application/x-www-form-urlencoded',
        }
      : options.body;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': inbound.contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(options.signingSecret, timestamp, inbound.body),
  };
  if (options.retryNum !== undefined) headers['x-slack-retry-num'] = String(options.retryNum);
  if (options.retryReason !== undefined) headers['x-slack-retry-reason'] = options.retryReason;
  return { headers, body: inbound.body };
}

export interface SlashCommandInput {
  command: string;
  text?: string;
  user_id: string;
  user_name?: string;
  team_id?: string;
  team_domain?: string;
  channel_id?: string;
  channel_name?: string;
  trigger_id?: string;
  response_url?: string;
  api_app_id?: string;
  /** An Enterprise Grid workspace: its enterprise, and whether Triad is installed org-wide there. */
  enterprise_id?: string;
  is_enterprise_install?: boolean;
}

/** A slash command as Slack posts it (form-encoded). */
export function slashCommandBody(input: SlashCommandInput): InboundBody {
  const fields: Record<string, string> = {
    token: FAKE_VERIFICATION_TOKEN,
    team_id: input.team_id ?? FAKE_TEAM_ID,
    team_domain: input.team_domain ?? FAKE_TEAM_DOMAIN,
    channel_id: input.channel_id ?? 'C0TRIADGEN',
    channel_name: input.channel_name ?? 'general',
    user_id: input.user_id,
    user_name: input.user_name ?? input.user_id.toLowerCase(),
    command: input.command,
    text: input.text ?? '',
    api_app_id: input.api_app_id ?? FAKE_APP_ID,
    is_enterprise_install: input.is_enterprise_install ? 'true' : 'false',
    ...(input.enterprise_id ? { enterprise_id: input.enterprise_id } : {}),
    response_url: input.response_url ?? 'https://hooks.slack.com/commands/unused',
    trigger_id: input.trigger_id ?? fakeTriggerId(),
  };
  return { body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' };
}

/** An interaction (block_actions, view_submission …) as Slack posts it: form field `payload` holding JSON. */
export function interactionBody(payload: Record<string, unknown>): InboundBody {
  return {
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: 'application/x-www-form-urlencoded',
  };
}

export interface EventEnvelopeOptions {
  event_id?: string;
  team_id?: string;
  api_app_id?: string;
  event_time?: number;
  /** The bot user the event is authorised for. */
  bot_user_id?: string;
}

/** An Events API `event_callback` envelope (JSON) around one event. */
export function eventBody(event: Record<string, unknown>, options: EventEnvelopeOptions = {}): InboundBody {
  const teamId = options.team_id ?? FAKE_TEAM_ID;
  const envelope = {
    token: FAKE_VERIFICATION_TOKEN,
    team_id: teamId,
    api_app_id: options.api_app_id ?? FAKE_APP_ID,
    event,
    type: 'event_callback',
    event_id: options.event_id ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: options.event_time ?? Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: options.bot_user_id ?? FAKE_BOT_USER_ID,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(12).toString('hex')}`,
  };
  return { body: JSON.stringify(envelope), contentType: 'application/json' };
}

/** The handshake Slack sends when the Request URL is saved. */
export function urlVerificationBody(challenge: string): InboundBody {
  return {
    body: JSON.stringify({ token: FAKE_VERIFICATION_TOKEN, challenge, type: 'url_verification' }),
    contentType: 'application/json',
  };
}

export interface BoltResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** POSTs a signed request to a Bolt endpoint (e.g. `http://127.0.0.1:PORT/slack/events`). */
export async function postToBolt(url: string, request: SignedSlackRequest): Promise<BoltResponse> {
  const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers.entries()),
    body: await response.text(),
  };
}

export {
  type BlockActionInput,
  blockActionsPayload,
  fakeTriggerId,
  type ViewSubmissionInput,
  viewSubmissionPayload,
} from './fake-slack/interaction-payloads.js';
