import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compareTs, SlackApiError, str } from './args.js';
import { chatMethods } from './chat.methods.js';
import { conversationMethods } from './conversations.methods.js';
import * as defaults from './defaults.js';
import {
  type ConversationDirectory,
  conversationDirectory,
  messagesIn,
  outboundText,
  type UserDirectory,
  userDirectory,
} from './directories.js';
import { ChannelRateLimiter, FaultBook, type RateLimitOptions } from './faults.js';
import { type FakeFile, FakeFileStore } from './files.methods.js';
import { parseCall, readRaw } from './http-body.js';
import { identityMethods } from './identity.methods.js';
import type { MethodTable } from './method-context.js';
import { type SharedChannels, sharedChannelMethods, sharedChannels } from './shared-channels.methods.js';
import type {
  ConversationInput,
  EphemeralMessage,
  FaultResponse,
  FaultRule,
  OutboundTextFilter,
  RecordedCall,
  StoredMessage,
  StoredView,
  UserInput,
} from './types.js';
import { viewMethods } from './views.methods.js';
import { FakeWorkspace, type WorkspaceIdentity } from './workspace.js';

export interface FakeSlackOptions extends Partial<WorkspaceIdentity> {
  /** When given, any other token gets `invalid_auth`; otherwise every non-empty token is accepted. */
  acceptedTokens?: string[];
  users?: UserInput[];
  conversations?: ConversationInput[];
  /**
   * chat.postMessage rate limits answering 429 with Retry-After: per channel (`true` = 1 per second, Retry-After
   * 1), and per workspace when `workspace` is given.
   */
  rateLimit?: boolean | RateLimitOptions;
  /** Epoch-millisecond clock for call records, fault expiry and the rate-limit window (default Date.now). */
  clock?: () => number;
  /** The character after the prefix of every id this workspace makes (default `0`; see FakeWorkspace). */
  idSpace?: string;
}

export interface PostAsUserInput {
  channel: string;
  user: string;
  text: string;
  thread_ts?: string;
  blocks?: unknown[];
}

export interface FakeSlack {
  /** Base URL for WebClient's `slackApiUrl` / config SLACK_API_URL: `http://127.0.0.1:PORT/api/`. */
  readonly url: string;
  readonly identity: WorkspaceIdentity;
  /** Every call, in arrival order, faulted and unknown ones included. */
  readonly calls: RecordedCall[];
  /** Calls to methods the fake does not implement (answered `unknown_method`). */
  readonly unexpectedCalls: RecordedCall[];
  /** Errors thrown by the fake itself (answered HTTP 500); should stay empty. */
  readonly internalErrors: Error[];
  readonly users: UserDirectory;
  readonly conversations: ConversationDirectory;
  /** Slack Connect: how `conversations.inviteShared` answers, and the invitee's side (accept, decline). */
  readonly sharedChannels: SharedChannels;
  /** All messages currently stored, every channel, oldest first. */
  readonly messages: StoredMessage[];
  readonly ephemerals: EphemeralMessage[];
  /** Every modal and home view, latest state. */
  readonly views: StoredView[];
  /** Files uploaded with files.getUploadURLExternal / the upload URL / files.completeUploadExternal. */
  readonly files: FakeFile[];
  setFault(rule: FaultRule): void;
  clearFaults(): void;
  callsTo(method: string): RecordedCall[];
  /** Messages (oldest first) in a channel id, channel name, or the bot's DM with a user id; one thread if asked. */
  messagesIn(channelOrUser: string, options?: { threadTs?: string }): StoredMessage[];
  ephemeralsTo(userId: string): EphemeralMessage[];
  homeViewOf(userId: string): StoredView | undefined;
  allOutboundText(filter?: OutboundTextFilter): string[];
  /** Stores a message written by a person, as if typed in Slack (inbound events are sent separately). */
  postAsUser(input: PostAsUserInput): StoredMessage;
  close(): Promise<void>;
}

const METHODS: MethodTable = {
  ...identityMethods,
  ...conversationMethods,
  ...chatMethods,
  ...viewMethods,
  ...sharedChannelMethods,
};

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** Writes a fault's answer; returns the recorded status and error code. */
function answerFault(req: IncomingMessage, res: ServerResponse, fault: FaultResponse): [number, string] {
  if ('drop' in fault) {
    req.socket.destroy();
    return [0, 'connection_dropped'];
  }
  if ('error' in fault) {
    send(res, 200, { ok: false, error: fault.error });
    return [200, fault.error];
  }
  if (fault.status === 429) {
    send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfter) });
    return [429, 'ratelimited'];
  }
  res.writeHead(fault.status, { 'content-type': 'text/html' });
  res.end(fault.body ?? '<html><body>Internal Server Error</body></html>');
  return [fault.status, `http_${fault.status}`];
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const ws = new FakeWorkspace(
    {
      teamId: options.teamId ?? defaults.FAKE_TEAM_ID,
      teamName: options.teamName ?? defaults.FAKE_TEAM_NAME,
      domain: options.domain ?? defaults.FAKE_TEAM_DOMAIN,
      appId: options.appId ?? defaults.FAKE_APP_ID,
      botId: options.botId ?? defaults.FAKE_BOT_ID,
      botUserId: options.botUserId ?? defaults.FAKE_BOT_USER_ID,
      botName: options.botName ?? defaults.FAKE_BOT_NAME,
    },
    options.idSpace,
  );
  for (const user of options.users ?? []) ws.addUser(user);
  for (const conversation of options.conversations ?? []) ws.addConversation(conversation);
  const calls: RecordedCall[] = [];
  const internalErrors: Error[] = [];
  const faults = new FaultBook();
  const limiter =
    options.rateLimit === undefined || options.rateLimit === false
      ? undefined
      : new ChannelRateLimiter(options.rateLimit === true ? {} : options.rateLimit);
  const clock = options.clock ?? Date.now;
  const accepted = options.acceptedTokens ? new Set(options.acceptedTokens) : undefined;
  let port = 0;
  const fileStore = new FakeFileStore(
    ws,
    (id) => `http://127.0.0.1:${port}${FakeFileStore.UPLOAD_PATH}${id}`,
  );
  const methods: MethodTable = { ...METHODS, ...fileStore.methods };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = clock();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'POST' && url.pathname.startsWith(FakeFileStore.UPLOAD_PATH)) {
      const fileId = url.pathname.slice(FakeFileStore.UPLOAD_PATH.length);
      const status = await fileStore.receive(fileId, req.headers['content-type'], await readRaw(req));
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 200 ? 'OK' : 'Upload failed');
      return;
    }
    const match = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    if (!match?.[1]) {
      send(res, 404, { ok: false, error: 'not_found' });
      return;
    }
    const method = match[1];
    const record = (entry: Omit<RecordedCall, 'method' | 'at'>): void => {
      calls.push({ method, at, ...entry });
    };
    const raw = await readRaw(req);
    let parsed: Awaited<ReturnType<typeof parseCall>>;
    try {
      parsed = await parseCall(req, url, raw);
    } catch (error) {
      const code = error instanceof SlackApiError ? error.code : 'invalid_form_data';
      record({ args: {}, token: undefined, status: 200, ok: false, error: code, faulted: false });
      send(res, 200, { ok: false, error: code });
      return;
    }
    const { args, token } = parsed;
    const base = { args, token };
    const handler = methods[method];
    if (!handler) {
      record({ ...base, status: 200, ok: false, error: 'unknown_method', faulted: false });
      send(res, 200, { ok: false, error: 'unknown_method' });
      return;
    }
    const channel = str(args, 'channel');
    const fault = faults.take(method, channel, at);
    if (fault) {
      const [status, error] = answerFault(req, res, fault);
      record({ ...base, status, ok: false, error, faulted: true });
      return;
    }
    if (limiter?.limited(method, channel, at, token)) {
      record({ ...base, status: 429, ok: false, error: 'ratelimited', faulted: true });
      send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limiter.retryAfter) });
      return;
    }
    let body: Record<string, unknown>;
    try {
      if (token === undefined) throw new SlackApiError('not_authed');
      if (accepted && !accepted.has(token)) throw new SlackApiError('invalid_auth');
      body = { ok: true, ...handler({ ws, args, token }) };
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      body = { ok: false, error: error.code, ...error.extra };
    }
    const error = body.ok ? undefined : String(body.error);
    record({ ...base, status: 200, ok: body.ok === true, ...(error ? { error } : {}), faulted: false });
    send(res, 200, body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      internalErrors.push(error instanceof Error ? error : new Error(String(error)));
      if (!res.headersSent) send(res, 500, { ok: false, error: 'fake_slack_internal_error' });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/api/`,
    identity: ws.identity,
    calls,
    get unexpectedCalls() {
      return calls.filter((c) => c.error === 'unknown_method' && !c.faulted);
    },
    internalErrors,
    users: userDirectory(ws),
    conversations: conversationDirectory(ws),
    sharedChannels: sharedChannels(ws),
    get messages() {
      return structuredClone([...ws.history.values()].flat().sort((a, b) => compareTs(a.ts, b.ts)));
    },
    ephemerals: ws.ephemerals,
    get views() {
      return [...ws.views.values()];
    },
    get files() {
      return [...fileStore.files.values()];
    },
    setFault: (rule) => faults.add(rule, clock()),
    clearFaults: () => faults.clear(),
    callsTo: (method) => calls.filter((c) => c.method === method),
    messagesIn: (ref, opts) => messagesIn(ws, ref, opts?.threadTs),
    ephemeralsTo: (userId) => ws.ephemerals.filter((e) => e.user === userId),
    homeViewOf: (userId) => {
      const id = ws.homeViews.get(userId);
      return id === undefined ? undefined : ws.views.get(id);
    },
    allOutboundText: (filter) => outboundText(calls, filter),
    postAsUser: (input) => {
      const user = ws.users.get(input.user);
      const conversation = ws.conversations.get(input.channel) ?? ws.imWith(input.channel);
      if (!user || !conversation)
        throw new Error('fake-slack: postAsUser needs a known user and conversation');
      return ws.addMessage({
        type: 'message',
        channel: conversation.id,
        ts: ws.nextTs(),
        user: user.id,
        team: ws.identity.teamId,
        text: input.text,
        ...(input.blocks ? { blocks: input.blocks } : {}),
        ...(input.thread_ts !== undefined ? { thread_ts: input.thread_ts } : {}),
      });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
