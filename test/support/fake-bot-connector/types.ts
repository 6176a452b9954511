import type { Activity, TeamsChannelAccount } from 'botbuilder';

/** Every Bot Connector REST call the fake understands, named after the `ConnectorClient` method. */
export type ConnectorOperation =
  | 'createConversation'
  | 'getConversations'
  | 'sendToConversation'
  | 'replyToActivity'
  | 'updateActivity'
  | 'deleteActivity'
  | 'getConversationMembers'
  | 'getConversationMember'
  | 'getConversationPagedMembers'
  | 'getActivityMembers'
  | 'fetchTeamDetails'
  | 'fetchChannelList';

/** Operations that write an activity; these are what `activities` records. */
export type ActivityOperation = Extract<
  ConnectorOperation,
  'createConversation' | 'sendToConversation' | 'replyToActivity' | 'updateActivity' | 'deleteActivity'
>;

export type FakeConversationType = 'personal' | 'groupChat' | 'channel';

/** A Teams user as the connector returns it (`29:` ids, AAD object id, UPN). */
export type FakeTeamsUser = TeamsChannelAccount & {
  id: string;
  name: string;
  /**
   * False for someone Triad is not installed for (they never opened it, no setup policy): Teams refuses to create
   * the bot's 1:1 chat with them (403) until they open Triad or Graph installs it for them. Default: installed.
   */
  appInstalled?: boolean;
  /** `Guest` for a guest account of the tenant (Graph's `userType`); default `Member`. */
  userType?: 'Member' | 'Guest';
};

export interface FakeConversation {
  id: string;
  conversationType: FakeConversationType;
  tenantId: string;
  /** Member ids (`29:…`); the bot is implicit. */
  memberIds: string[];
  /** Set for channel conversations (and threads in them). */
  teamId?: string;
  /** The channel a thread lives in (`19:…@thread.tacv2`). */
  channelId?: string;
  topicName?: string;
  /** `createConversation` when the bot made it, `seeded` when a test set it up. */
  origin: 'createConversation' | 'seeded';
  /** Current state: updates replace an entry, deletes remove it. */
  messages: Map<string, Partial<Activity>>;
}

export interface FakeTeam {
  id: string;
  name: string;
  aadGroupId: string;
  tenantId: string;
  memberIds: string[];
  channels: Array<{ id: string; name: string }>;
}

export interface RecordedActivity {
  operation: ActivityOperation;
  conversationId: string;
  activityId: string;
  /** For replies: the activity replied to. */
  replyToId?: string;
  /** The body the bot sent (absent for deletes). */
  activity?: Partial<Activity>;
  /** The Authorization header of the call, as received (undefined when the bot sent none). */
  authorization?: string;
}

export interface RecordedRequest {
  method: string;
  /** Path below the service URL, e.g. `v3/conversations/a%3A1/activities`. */
  path: string;
  operation: ConnectorOperation | 'unknown';
  conversationId?: string;
  authorization?: string;
  /** 0 while unanswered, and for a request whose connection a `drop` fault closed without an answer. */
  status: number;
  /** The body as sent (parsed JSON, else the raw text; undefined when empty), faulted calls included. */
  body?: unknown;
  /** Whether an injected fault answered it (the fake did not act on it). */
  faulted?: boolean;
}

export interface FaultSpec {
  /** HTTP status to answer with, e.g. 429, 500, 404, 403. */
  status: number;
  /** Limit to these operations (default: every operation). */
  operation?: ConnectorOperation | ConnectorOperation[];
  /** Limit to one conversation (or team id for the team calls). */
  conversationId?: string;
  /** Sets a `Retry-After` header (seconds). */
  retryAfterSeconds?: number;
  /** Error code in the `{ error: { code, message } }` body (Teams style, e.g. `ConversationBlockedByUser`). */
  code?: string;
  message?: string;
  /** How many matching requests fail before the fault wears off (default: all of them). */
  times?: number;
  /** Holds the request this long before failing it (a slow, timing-out service); default 0. */
  hangMs?: number;
  /**
   * Closes the connection without any answer instead of answering `status` (a gateway timeout or a dropped
   * connection, as the client sees it); the request is not acted on and is recorded with status 0.
   */
  drop?: boolean;
}

export interface FakeBotConnectorOptions {
  /** Tenant every conversation belongs to (default a fixed GUID). */
  tenantId?: string;
  /** Users known to the directory; `createConversation` also adds unknown members. */
  users?: FakeTeamsUser[];
  /**
   * Decides whether an Authorization header is acceptable; when it returns false the call gets 401.
   * Default: accept everything (the header is still recorded).
   */
  acceptAuthorization?: (authorization: string | undefined) => boolean;
  /** Path prefix of the service URL, like Teams' regional `/amer/` (default `/amer/`). */
  pathPrefix?: string;
}
