import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity, ConversationParameters } from 'botbuilder';
import {
  ConnectorError,
  ConnectorState,
  DEFAULT_TENANT_ID,
  type SeedConversation,
  type SeedTeam,
} from './connector-state.js';
import { collectStrings, FaultBook } from './faults.js';
import { type MatchedRoute, matchRoute } from './routes.js';
import type {
  FakeBotConnectorOptions,
  FakeConversation,
  FakeTeam,
  FakeTeamsUser,
  FaultSpec,
  RecordedActivity,
  RecordedRequest,
} from './types.js';

export interface FakeBotConnector {
  /** What inbound activities carry as `serviceUrl`; ends with `/`, like Teams' `https://smba…/amer/`. */
  serviceUrl: string;
  tenantId: string;
  /** Every activity the bot created, sent, replied, updated or deleted, in order. */
  activities: RecordedActivity[];
  /** Every HTTP call, including the ones answered with a fault. */
  requests: RecordedRequest[];
  conversations: Map<string, FakeConversation>;
  users: Map<string, FakeTeamsUser>;
  teams: Map<string, FakeTeam>;
  addUser(user: Partial<FakeTeamsUser> & { name: string }): FakeTeamsUser;
  addTeam(team: SeedTeam): FakeTeam;
  /** A conversation that already exists in Teams, e.g. a group chat HR created and added the bot to. */
  addConversation(conversation: SeedConversation): FakeConversation;
  setFault(fault: FaultSpec): void;
  clearFaults(): void;
  activitiesIn(conversationId: string): RecordedActivity[];
  /** Every string of every outbound activity (text, cards, topic names), one per line, for canary scans. */
  allOutboundText(): string;
  close(): Promise<void>;
}

type Reply = { status: number; body?: unknown };
type Answer = Reply & { retryAfter?: number; drop?: boolean; faulted?: boolean };

/** Starts a local Bot Connector on a free loopback port. Close it in `afterEach`/`afterAll`. */
export async function startFakeBotConnector(
  options: FakeBotConnectorOptions = {},
): Promise<FakeBotConnector> {
  const state = new ConnectorState(options.tenantId ?? DEFAULT_TENANT_ID);
  for (const user of options.users ?? []) state.addUser(user);
  const faults = new FaultBook();
  const activities: RecordedActivity[] = [];
  const requests: RecordedRequest[] = [];
  const prefix = normalisePrefix(options.pathPrefix ?? '/amer/');
  const outboundStrings: string[] = [];

  const record = (entry: RecordedActivity, extraStrings: unknown[] = []): void => {
    activities.push(entry);
    collectStrings([entry.activity, ...extraStrings], outboundStrings);
  };

  const handle = async (
    route: MatchedRoute,
    body: unknown,
    authorization: string | undefined,
  ): Promise<Reply> => {
    switch (route.operation) {
      case 'createConversation': {
        const parameters = body as ConversationParameters;
        const firstActivityId = parameters.activity ? state.nextActivityId() : undefined;
        const conversation = state.createFromParameters(parameters, firstActivityId);
        if (parameters.activity && firstActivityId) {
          const stored: Partial<Activity> = { ...parameters.activity, id: firstActivityId };
          conversation.messages.set(firstActivityId, stored);
          const entry = {
            operation: route.operation,
            conversationId: conversation.id,
            activityId: firstActivityId,
          };
          record({ ...entry, activity: stored, authorization }, [parameters.topicName]);
        } else {
          collectStrings(parameters.topicName, outboundStrings);
        }
        return { status: 201, body: { id: conversation.id, activityId: firstActivityId, serviceUrl } };
      }
      case 'getConversations': {
        const list = [...state.conversations.values()].map((c) => ({
          id: c.id,
          members: c.memberIds.map((id) => state.member(id)),
        }));
        return { status: 200, body: { conversations: list } };
      }
      case 'sendToConversation':
      case 'replyToActivity':
      case 'updateActivity': {
        const conversation = lookupConversation(state, route.conversationId as string);
        const activity = body as Partial<Activity>;
        const updating = route.operation === 'updateActivity';
        if (updating && !conversation.messages.has(route.activityId as string)) {
          throw new ConnectorError(404, 'ActivityNotFound', 'Activity not found.');
        }
        const activityId = updating ? (route.activityId as string) : state.nextActivityId();
        const replyToId = route.operation === 'replyToActivity' ? route.activityId : undefined;
        conversation.messages.set(activityId, { ...activity, id: activityId });
        record({
          operation: route.operation,
          conversationId: conversation.id,
          activityId,
          replyToId,
          activity,
          authorization,
        });
        return { status: 200, body: { id: activityId } };
      }
      case 'deleteActivity': {
        const conversation = lookupConversation(state, route.conversationId as string);
        const activityId = route.activityId as string;
        if (!conversation.messages.delete(activityId)) {
          throw new ConnectorError(404, 'ActivityNotFound', 'Activity not found.');
        }
        record({ operation: route.operation, conversationId: conversation.id, activityId, authorization });
        return { status: 200 };
      }
      case 'getConversationMembers':
      case 'getActivityMembers':
        return { status: 200, body: membersOf(state, route.conversationId as string) };
      case 'getConversationMember': {
        const members = membersOf(state, route.conversationId as string);
        const member = members.find((m) => m.id === route.memberId || m.aadObjectId === route.memberId);
        if (!member) throw new ConnectorError(404, 'MemberNotFoundInConversation', 'Member not found.');
        return { status: 200, body: member };
      }
      case 'getConversationPagedMembers':
        return { status: 200, body: membersOf(state, route.conversationId as string) };
      case 'fetchTeamDetails': {
        const team = state.team(route.teamId as string);
        const { id, name, aadGroupId } = team;
        const counts = { channelCount: team.channels.length, memberCount: team.memberIds.length };
        return { status: 200, body: { id, name, aadGroupId, ...counts, type: 'standard' } };
      }
      case 'fetchChannelList':
        return { status: 200, body: { conversations: state.team(route.teamId as string).channels } };
    }
  };

  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) =>
      send(res, { status: 500, body: errorBody('Internal', error) }),
    );
  });

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    const authorization = req.headers.authorization;
    const raw = await readBody(req);
    const route = matchRoute(method, path);
    const conversationId = route?.conversationId ?? route?.teamId;
    const entry: RecordedRequest = {
      method,
      path,
      operation: route?.operation ?? 'unknown',
      conversationId,
      authorization,
      status: 0,
      body: parseOrRaw(raw),
    };
    requests.push(entry);
    const reply = await answer(route, raw, authorization, url.searchParams);
    if (reply.faulted) entry.faulted = true;
    if (reply.drop) {
      res.socket?.destroy();
      return;
    }
    entry.status = reply.status;
    send(res, reply);
  };

  const answer = async (
    route: MatchedRoute | undefined,
    raw: string,
    authorization: string | undefined,
    query: URLSearchParams,
  ): Promise<Answer> => {
    if (!route) return { status: 404, body: errorBody('NotFound', 'No such connector operation') };
    if (options.acceptAuthorization && !options.acceptAuthorization(authorization)) {
      return {
        status: 401,
        body: errorBody('Unauthorized', 'Authorization has been denied for this request.'),
      };
    }
    const fault = faults.take(route.operation, route.conversationId ?? route.teamId);
    if (fault) {
      if (fault.hangMs) await new Promise((resolve) => setTimeout(resolve, fault.hangMs));
      const body = errorBody(fault.code ?? `Status${fault.status}`, fault.message ?? 'Injected fault');
      const retryAfter = fault.retryAfterSeconds;
      return { status: fault.status, body, retryAfter, faulted: true, ...(fault.drop ? { drop: true } : {}) };
    }
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return { status: 400, body: errorBody('BadSyntax', 'Body is not JSON') };
    }
    try {
      const reply = await handle(route, body, authorization);
      if (route.operation === 'getConversationPagedMembers') return page(reply, query);
      return reply;
    } catch (error) {
      if (error instanceof ConnectorError)
        return { status: error.status, body: errorBody(error.code, error.message) };
      throw error;
    }
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const serviceUrl = `http://127.0.0.1:${port}${prefix}`;

  return {
    serviceUrl,
    tenantId: state.tenantId,
    activities,
    requests,
    conversations: state.conversations,
    users: state.users,
    teams: state.teams,
    addUser: (user) => state.addUser(user),
    addTeam: (team) => state.addTeam(team),
    addConversation: (conversation) => state.addConversation(conversation),
    setFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    activitiesIn: (conversationId) => activities.filter((a) => a.conversationId === conversationId),
    allOutboundText: () => outboundStrings.join('\n'),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Teams accepts sends to `channel;messageid=…` threads that users started, not only ones the bot created. */
function lookupConversation(state: ConnectorState, id: string): FakeConversation {
  const known = state.conversations.get(id);
  if (known) return known;
  const [channelId, thread] = id.split(';');
  const channel = channelId ? state.conversations.get(channelId) : undefined;
  if (channel?.conversationType === 'channel' && thread?.startsWith('messageid=')) {
    return state.addConversation({
      id,
      conversationType: 'channel',
      memberIds: channel.memberIds,
      teamId: channel.teamId,
    });
  }
  return state.conversation(id);
}

function membersOf(state: ConnectorState, conversationId: string): FakeTeamsUser[] {
  const team = state.teams.get(conversationId);
  const memberIds = team ? team.memberIds : lookupConversation(state, conversationId).memberIds;
  // What Teams knows beyond the roster (who installed Triad, Graph's userType) is not part of a member.
  return memberIds.map((id) => {
    const { appInstalled: _installed, userType: _type, ...member } = state.member(id);
    return member as FakeTeamsUser;
  });
}

function page(reply: Reply, query: URLSearchParams): Reply {
  const members = reply.body as FakeTeamsUser[];
  const size = Number(query.get('pageSize') ?? '') || 500;
  const start = Number(query.get('continuationToken') ?? '0') || 0;
  const next = start + size < members.length ? String(start + size) : undefined;
  return { status: 200, body: { members: members.slice(start, start + size), continuationToken: next } };
}

function errorBody(code: string, message: unknown): { error: { code: string; message: string } } {
  return { error: { code, message: message instanceof Error ? message.message : String(message) } };
}

function normalisePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

function parseOrRaw(raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, reply: Answer): void {
  if (reply.retryAfter !== undefined) res.setHeader('Retry-After', String(reply.retryAfter));
  if (reply.body === undefined) {
    res.writeHead(reply.status).end();
    return;
  }
  res
    .writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8' })
    .end(JSON.stringify(reply.body));
}
