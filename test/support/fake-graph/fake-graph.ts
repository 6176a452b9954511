import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import type { FakeBotConnector, FakeTeamsUser } from '../fake-bot-connector/index.js';
import { botAccount, botAddedActivity, inboundActivity } from '../fake-bot-connector/index.js';
import { GraphFaults } from './faults.js';
import {
  boundAppId,
  boundUserId,
  filteredExternalId,
  filteredMail,
  filteredTopic,
  type GraphRoute,
  matchGraphRoute,
} from './routes.js';
import type {
  FakeChatMember,
  FakeGraphChat,
  GraphFault,
  GraphPermission,
  GraphRecordedRequest,
  GraphTokenClaims,
} from './types.js';

export interface FakeGraphOptions {
  /** The Teams side: chats Graph creates are its group chats, users are its users (by Entra object id). */
  connector: FakeBotConnector;
  /** The bot's app id: its `conversationUpdate`s name `28:<botAppId>` as the recipient. */
  botAppId: string;
  /**
   * The app's id in the tenants' app catalog (what `teamsApp@odata.bind` names); default the bot app id, as for
   * a store app. Another id makes it an app the organisation published, listed with its manifest id as
   * `externalId`.
   */
  catalogAppId?: string;
  /**
   * Reads a bearer token issued elsewhere (the configured login URL's fake Entra ID); undefined when it is not
   * one. Tokens from the fake's own token endpoint are accepted too.
   */
  verifyToken?: (authorization: string | undefined) => GraphTokenClaims | undefined;
  /** Application permissions granted per tenant at the start (default: none anywhere). */
  granted?: Record<string, readonly GraphPermission[]>;
}

export interface FakeGraph {
  /** `http://127.0.0.1:<port>`: Graph's base URL (requests go to `<base>/v1.0/…`). */
  baseUrl: string;
  /** `<base>/<tenant>/oauth2/v2.0/token`'s login base: `<base>/botframework.com` style, as TEAMS_LOGIN_URL. */
  loginUrl: string;
  chats: Map<string, FakeGraphChat>;
  requests: GraphRecordedRequest[];
  /** Users Triad is installed for (Entra object ids). */
  installedFor: Set<string>;
  grant(tenantId: string, permissions: readonly GraphPermission[]): void;
  revoke(tenantId: string, permissions?: readonly GraphPermission[]): void;
  setFault(fault: GraphFault): void;
  clearFaults(): void;
  /** Where the `conversationUpdate`s Teams sends on an installation go (the bot's `/api/messages`). */
  deliverTo(send: (activity: Partial<Activity>) => Promise<unknown>): void;
  /** Waits for every activity the fake has sent the bot so far to be answered; throws if one could not be sent. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

type Reply = { status: number; body?: unknown; retryAfter?: number };

const graphError = (status: number, code: string, message: string): Reply => ({
  status,
  body: { error: { code, message, innerError: { 'request-id': randomUUID() } } },
});

/** Starts a local Microsoft Graph on a free loopback port. Close it after the test. */
export async function startFakeGraph(options: FakeGraphOptions): Promise<FakeGraph> {
  const { connector, botAppId } = options;
  const catalogAppId = options.catalogAppId ?? botAppId;
  const chats = new Map<string, FakeGraphChat>();
  const requests: GraphRecordedRequest[] = [];
  const installedFor = new Set<string>();
  const granted = new Map<string, Set<GraphPermission>>();
  for (const [tenant, permissions] of Object.entries(options.granted ?? {})) {
    granted.set(tenant, new Set(permissions));
  }
  const ownTokens = new Map<string, GraphTokenClaims>();
  const faults = new GraphFaults();
  const inFlight: Array<Promise<unknown>> = [];
  const undeliverable: unknown[] = [];
  let deliver: ((activity: Partial<Activity>) => Promise<unknown>) | undefined;

  const tell = (activity: Partial<Activity>) => {
    // Teams tells the bot after it has answered the installer, not within the call.
    if (deliver) {
      const send = deliver;
      const told = new Promise((resolve) => setImmediate(resolve)).then(() => send(activity));
      // A bot that is gone (a test closing) is Teams' problem, not the caller's: kept for `settled` to report.
      inFlight.push(told.catch((error: unknown) => undeliverable.push(error)));
    }
  };

  const userByAad = (tenantId: string, aadId: string): FakeTeamsUser | undefined =>
    [...connector.users.values()].find(
      (u) => u.aadObjectId?.toLowerCase() === aadId.toLowerCase() && (u.tenantId ?? tenantId) === tenantId,
    );

  /** The Teams user a chat member is, in their own tenant (the chat's, unless they are external). */
  const userOf = (chat: FakeGraphChat, member: FakeChatMember): FakeTeamsUser | undefined =>
    userByAad(member.tenantId ?? chat.tenantId, member.userId);

  const memberView = (chat: FakeGraphChat, member: FakeChatMember) => ({
    '@odata.type': '#microsoft.graph.aadUserConversationMember',
    id: member.id,
    roles: member.roles,
    userId: member.userId,
    tenantId: member.tenantId ?? chat.tenantId,
    displayName: userOf(chat, member)?.name ?? null,
  });
  const chatView = (chat: FakeGraphChat, expand: boolean) => ({
    id: chat.id,
    topic: chat.topic,
    chatType: chat.chatType,
    tenantId: chat.tenantId,
    createdDateTime: chat.createdDateTime,
    ...(expand ? { members: chat.members.map((m) => memberView(chat, m)) } : {}),
  });

  const syncConversation = (chat: FakeGraphChat) => {
    const conversation = connector.conversations.get(chat.id);
    if (!conversation) return;
    conversation.memberIds = chat.members.flatMap((m) => {
      const user = userOf(chat, m);
      return user ? [user.id] : [];
    });
  };

  /**
   * A chat member as Graph checks it on `POST /chats` and `POST /chats/{id}/members`: a member of the chat's tenant
   * (userType Member) is an `owner`; a guest account of the tenant (userType Guest) is a `guest`; a user of another
   * tenant (federated external access) is an `owner` named with their home `tenantId`. Anything else is a 400.
   */
  const parseMember = (tenantId: string, raw: unknown): FakeChatMember | Reply => {
    const member = (raw ?? {}) as Record<string, unknown>;
    const userId = boundUserId(member['user@odata.bind']);
    const roles = Array.isArray(member.roles) ? (member.roles as unknown[]) : [];
    if (member['@odata.type'] !== '#microsoft.graph.aadUserConversationMember' || !userId) {
      return graphError(400, 'BadRequest', 'Invalid member.');
    }
    if (!roles.every((r) => r === 'owner' || r === 'guest') || roles.length !== 1) {
      return graphError(400, 'BadRequest', 'Invalid roles.');
    }
    const role = roles[0] as 'owner' | 'guest';
    const homeTenant = typeof member.tenantId === 'string' ? member.tenantId : undefined;
    if (homeTenant && homeTenant.toLowerCase() !== tenantId.toLowerCase()) {
      const external = userByAad(homeTenant, userId);
      if (!external) return graphError(404, 'NotFound', 'User not found in the tenant named.');
      if (role !== 'owner') {
        return graphError(400, 'BadRequest', 'A user of another tenant must be added as an owner.');
      }
      return { id: randomUUID(), userId, roles: [role], tenantId: homeTenant };
    }
    const user = userByAad(tenantId, userId);
    if (!user) {
      const elsewhere = [...connector.users.values()].some(
        (u) => u.aadObjectId?.toLowerCase() === userId.toLowerCase(),
      );
      return elsewhere
        ? graphError(400, 'BadRequest', 'A user of another tenant needs its tenantId.')
        : graphError(404, 'NotFound', 'User not found.');
    }
    const wanted = user.userType === 'Guest' ? 'guest' : 'owner';
    if (role !== wanted) {
      return graphError(
        400,
        'BadRequest',
        `A ${user.userType ?? 'Member'} of the tenant must have role '${wanted}'.`,
      );
    }
    return { id: randomUUID(), userId, roles: [role] };
  };

  const userView = (user: FakeTeamsUser) => ({
    id: user.aadObjectId,
    displayName: user.name,
    mail: user.email ?? null,
    userPrincipalName: user.userPrincipalName ?? null,
    userType: user.userType ?? 'Member',
  });

  const handle = (route: GraphRoute, tenantId: string, body: unknown, query: URLSearchParams): Reply => {
    const payload = (body ?? {}) as Record<string, unknown>;
    const chat = route.chatId ? chats.get(route.chatId) : undefined;
    if (route.chatId && (!chat || chat.tenantId !== tenantId)) {
      return graphError(404, 'NotFound', 'Chat not found.');
    }
    switch (route.operation) {
      case 'createChat': {
        if (payload.chatType !== 'group') return graphError(400, 'BadRequest', 'Only group chats here.');
        const raw = Array.isArray(payload.members) ? payload.members : [];
        const members: FakeChatMember[] = [];
        for (const entry of raw) {
          const member = parseMember(tenantId, entry);
          if ('status' in member) return member;
          members.push(member);
        }
        if (members.length < 2) return graphError(400, 'BadRequest', 'A group chat needs members.');
        const id = `19:${randomUUID().replaceAll('-', '')}@thread.v2`;
        const created: FakeGraphChat = {
          id,
          tenantId,
          chatType: 'group',
          topic: typeof payload.topic === 'string' ? payload.topic : '',
          members,
          installedApps: [],
          createdDateTime: new Date().toISOString(),
        };
        chats.set(id, created);
        connector.addConversation({
          id,
          conversationType: 'groupChat',
          memberIds: [],
          topicName: created.topic,
        });
        syncConversation(created);
        return { status: 201, body: chatView(created, false) };
      }
      case 'listUserChats': {
        const userId = route.userId ?? '';
        const topic = filteredTopic(query.get('$filter'));
        const expand = (query.get('$expand') ?? '').split(',').includes('members');
        const found = [...chats.values()].filter(
          (c) =>
            c.tenantId === tenantId &&
            c.members.some((m) => m.userId.toLowerCase() === userId.toLowerCase()) &&
            (topic === undefined || c.topic === topic),
        );
        return { status: 200, body: { value: found.map((c) => chatView(c, expand)) } };
      }
      case 'installInChat': {
        if (!chat) return graphError(404, 'NotFound', 'Chat not found.');
        const appId = boundAppId(payload['teamsApp@odata.bind']);
        if (appId !== catalogAppId) return graphError(404, 'NotFound', 'App not found in the catalog.');
        if (chat.installedApps.includes(appId)) {
          return graphError(409, 'Conflict', 'The app is already installed in this chat.');
        }
        chat.installedApps.push(appId);
        const owner = chat.members.find((m) => m.roles.includes('owner') && !m.tenantId) ?? chat.members[0];
        const by = owner && userOf(chat, owner);
        if (by) tell(botAddedActivity(connector, { conversationId: chat.id, byUserId: by.id, botAppId }));
        return { status: 201 };
      }
      case 'addChatMember': {
        if (!chat) return graphError(404, 'NotFound', 'Chat not found.');
        const member = parseMember(tenantId, payload);
        if ('status' in member) return member;
        const existing = chat.members.find((m) => m.userId === member.userId);
        if (existing) return { status: 201, body: memberView(chat, existing) };
        chat.members.push(member);
        syncConversation(chat);
        const user = userOf(chat, member);
        if (user && chat.installedApps.length > 0) {
          tell(
            inboundActivity(connector, {
              type: 'conversationUpdate',
              conversationId: chat.id,
              botAppId,
              membersAdded: [{ id: user.id, name: user.name, aadObjectId: user.aadObjectId }],
            }),
          );
        }
        return { status: 201, body: memberView(chat, member) };
      }
      case 'listChatMembers': {
        if (!chat) return graphError(404, 'NotFound', 'Chat not found.');
        return { status: 200, body: { value: chat.members.map((m) => memberView(chat, m)) } };
      }
      case 'removeChatMember': {
        if (!chat) return graphError(404, 'NotFound', 'Chat not found.');
        const member = chat.members.find((m) => m.id === route.membershipId);
        if (!member) return graphError(404, 'NotFound', 'Member not found.');
        chat.members = chat.members.filter((m) => m !== member);
        syncConversation(chat);
        const user = userOf(chat, member);
        if (user && chat.installedApps.length > 0) {
          tell(
            inboundActivity(connector, {
              type: 'conversationUpdate',
              conversationId: chat.id,
              botAppId,
              membersRemoved: [{ id: user.id, name: user.name, aadObjectId: user.aadObjectId }],
            }),
          );
        }
        return { status: 204 };
      }
      case 'listCatalogApps': {
        const published = catalogAppId !== botAppId;
        const app = {
          id: catalogAppId,
          externalId: published ? botAppId : null,
          displayName: 'Triad',
          distributionMethod: published ? 'organization' : 'store',
        };
        const externalId = filteredExternalId(query.get('$filter'));
        if (query.get('$filter') && externalId === undefined) {
          return graphError(400, 'BadRequest', 'Unsupported filter.');
        }
        const matches = externalId === undefined || app.externalId === externalId;
        return { status: 200, body: { value: matches ? [app] : [] } };
      }
      case 'getUser': {
        const wanted = (route.userId ?? '').toLowerCase();
        const user = [...connector.users.values()].find(
          (u) =>
            (u.tenantId ?? tenantId) === tenantId &&
            [u.aadObjectId, u.userPrincipalName].some((id) => id?.toLowerCase() === wanted),
        );
        if (!user?.aadObjectId) return graphError(404, 'Request_ResourceNotFound', 'User not found.');
        return { status: 200, body: userView(user) };
      }
      case 'listUsers': {
        const mail = filteredMail(query.get('$filter'))?.toLowerCase();
        if (mail === undefined) return graphError(400, 'BadRequest', 'Unsupported filter.');
        const found = [...connector.users.values()].filter(
          (u) => (u.tenantId ?? tenantId) === tenantId && u.aadObjectId && u.email?.toLowerCase() === mail,
        );
        return { status: 200, body: { value: found.map(userView) } };
      }
      case 'installForUser': {
        const user = userByAad(tenantId, route.userId ?? '');
        if (!user?.aadObjectId) return graphError(404, 'NotFound', 'User not found.');
        const appId = boundAppId(payload['teamsApp@odata.bind']);
        if (appId !== catalogAppId) return graphError(404, 'NotFound', 'App not found in the catalog.');
        if (installedFor.has(user.aadObjectId)) {
          return graphError(409, 'Conflict', 'The app is already installed for this user.');
        }
        installedFor.add(user.aadObjectId);
        user.appInstalled = true;
        const personal =
          [...connector.conversations.values()].find(
            (c) => c.conversationType === 'personal' && c.memberIds[0] === user.id,
          ) ?? connector.addConversation({ conversationType: 'personal', memberIds: [user.id] });
        tell(
          inboundActivity(connector, {
            type: 'conversationUpdate',
            conversationId: personal.id,
            fromUserId: user.id,
            botAppId,
            membersAdded: [botAccount(botAppId)],
          }),
        );
        return { status: 201 };
      }
    }
  };

  const tokenOf = (authorization: string | undefined): GraphTokenClaims | undefined => {
    const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7) : '';
    return ownTokens.get(bearer) ?? options.verifyToken?.(authorization);
  };

  const answer = (req: IncomingMessage, url: URL, raw: string, entry: GraphRecordedRequest): Reply => {
    const method = req.method ?? 'GET';
    const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (tokenPath?.[1] && method === 'POST') {
      entry.operation = 'token';
      const form = new URLSearchParams(raw);
      const tenant = decodeURIComponent(tokenPath[1]);
      entry.tenantId = tenant;
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== botAppId) {
        return { status: 401, body: { error: 'invalid_client' } };
      }
      const token = `fake-graph.${randomUUID()}`;
      ownTokens.set(token, { tid: tenant, aud: (form.get('scope') ?? '').replace(/\/\.default$/, '') });
      return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, access_token: token } };
    }
    const route = matchGraphRoute(method, url.pathname);
    if (!route) return graphError(404, 'UnknownError', 'No such Graph operation here.');
    entry.operation = route.operation;
    const claims = tokenOf(req.headers.authorization);
    if (!claims) return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
    entry.tenantId = claims.tid;
    const fault = faults.take(route.operation);
    if (fault?.afterAction) {
      const done = answerGranted(route, claims.tid, raw, url, entry);
      if (done.status >= 400) return done;
    }
    if (fault) {
      entry.faulted = true;
      const reply = graphError(fault.status, fault.code ?? `Status${fault.status}`, 'Injected fault');
      return fault.retryAfterSeconds === undefined
        ? reply
        : { ...reply, retryAfter: fault.retryAfterSeconds };
    }
    return answerGranted(route, claims.tid, raw, url, entry);
  };

  const answerGranted = (
    route: GraphRoute,
    tenantId: string,
    raw: string,
    url: URL,
    entry: GraphRecordedRequest,
  ): Reply => {
    if (!granted.get(tenantId)?.has(route.permission)) {
      return graphError(
        403,
        'Forbidden',
        `Missing role permissions on the request. API requires one of '${route.permission}'.`,
      );
    }
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return graphError(400, 'BadRequest', 'Body is not JSON.');
    }
    entry.body = body;
    return handle(route, tenantId, body, url.searchParams);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake-graph');
      const raw = await readBody(req);
      const entry: GraphRecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        operation: 'unknown',
        status: 0,
      };
      requests.push(entry);
      const reply = answer(req, url, raw, entry);
      entry.status = reply.status;
      send(res, reply);
    })().catch(() => send(res, graphError(500, 'InternalServerError', 'fake failure')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    loginUrl: `${baseUrl}/botframework.com`,
    chats,
    requests,
    installedFor,
    grant: (tenantId, permissions) => {
      const set = granted.get(tenantId) ?? new Set<GraphPermission>();
      for (const p of permissions) set.add(p);
      granted.set(tenantId, set);
    },
    revoke: (tenantId, permissions) => {
      if (!permissions) granted.delete(tenantId);
      else for (const p of permissions) granted.get(tenantId)?.delete(p);
    },
    setFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    deliverTo: (send) => {
      deliver = send;
    },
    settled: async () => {
      while (inFlight.length > 0) await Promise.all(inFlight.splice(0));
      const [failure] = undeliverable.splice(0);
      if (failure) throw failure;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.retryAfter !== undefined) res.setHeader('Retry-After', String(reply.retryAfter));
  if (reply.body === undefined) {
    res.writeHead(reply.status).end();
    return;
  }
  res.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply.body));
}
