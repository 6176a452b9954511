/** Shapes held by the fake Slack workspace; field names follow the Slack Web API. */

export interface FakeUserProfile {
  real_name: string;
  display_name: string;
  email?: string;
  status_text: string;
  status_emoji: string;
  status_expiration: number;
  team: string;
  bot_id?: string;
}

export interface FakeUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  tz: string;
  tz_label: string;
  tz_offset: number;
  is_bot: boolean;
  is_app_user: boolean;
  is_admin: boolean;
  /** A guest (multi-channel when only this is set). */
  is_restricted: boolean;
  /** A single-channel guest (Slack sets `is_restricted` too). */
  is_ultra_restricted: boolean;
  deleted: boolean;
  updated: number;
  profile: FakeUserProfile;
}

export interface DndState {
  dnd_enabled: boolean;
  next_dnd_start_ts: number;
  next_dnd_end_ts: number;
  snooze_enabled: boolean;
  snooze_endtime?: number;
}

export interface UserInput {
  id?: string;
  name: string;
  real_name?: string;
  tz?: string;
  /** Seconds east of UTC; computed from `tz` when left out. */
  tz_offset?: number;
  is_bot?: boolean;
  deleted?: boolean;
  /** A guest: `multi_channel` sets `is_restricted`, `single_channel` also `is_ultra_restricted`. */
  guest?: 'multi_channel' | 'single_channel';
  /** The user's home team when it is not the workspace's (a Slack Connect user from another organisation). */
  team_id?: string;
  profile?: Partial<FakeUserProfile>;
  dnd?: Partial<DndState>;
}

export interface FakeConversation {
  id: string;
  name: string;
  is_channel: boolean;
  is_group: boolean;
  is_im: boolean;
  is_mpim: boolean;
  is_private: boolean;
  is_archived: boolean;
  created: number;
  creator: string;
  /** The other person of an IM. */
  user?: string;
  members: string[];
  topic: { value: string; creator: string; last_set: number };
  purpose: { value: string; creator: string; last_set: number };
}

export interface ConversationInput {
  id?: string;
  name: string;
  is_private?: boolean;
  members?: string[];
  /** Whether the bot user is a member (default true). */
  includeBot?: boolean;
  creator?: string;
}

export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface StoredMessage {
  type: 'message';
  channel: string;
  ts: string;
  user: string;
  bot_id?: string;
  app_id?: string;
  team: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: MessageMetadata;
  thread_ts?: string;
  reply_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  reply_broadcast?: boolean;
  unfurl_links?: boolean;
  unfurl_media?: boolean;
  edited?: { user: string; ts: string };
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  message_ts: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
}

export interface StoredView {
  id: string;
  team_id: string;
  type: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: unknown[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: Record<string, unknown> };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  root_view_id: string;
  previous_view_id: string | null;
  app_id: string;
  bot_id: string;
  /** Not a Slack field: who the view was published to (home) or which method created it. */
  fake: { user?: string; via: 'views.open' | 'views.push' | 'views.publish'; trigger_id?: string };
}

export interface RecordedCall {
  method: string;
  /** Parsed body merged with the query; JSON-valued fields (blocks, view, metadata …) decoded when valid. */
  args: Record<string, unknown>;
  /** Epoch milliseconds when the request arrived. */
  at: number;
  token: string | undefined;
  /** HTTP status the fake answered with. */
  status: number;
  ok: boolean;
  error?: string;
  /** True when a fault rule or the rate-limit mode answered instead of the method. */
  faulted: boolean;
}

export type FaultResponse =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 | 504; body?: string }
  | { error: string }
  | { drop: true };

export interface FaultRule {
  method?: string | RegExp;
  channel?: string;
  /** How many matching calls to fault; unlimited when left out. */
  times?: number;
  /** Absolute epoch milliseconds after which the rule stops matching. */
  untilMs?: number;
  /** Duration in milliseconds from `setFault` after which the rule stops matching. */
  forMs?: number;
  respond: FaultResponse;
}

export interface OutboundTextFilter {
  method?: string | RegExp;
  /** Matches `args.channel`. */
  channel?: string;
  /** Matches `args.user` or `args.user_id`. */
  user?: string;
}
