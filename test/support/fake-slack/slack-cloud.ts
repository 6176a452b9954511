import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakeSlack, startFakeSlack } from './fake-slack.server.js';
import { parseCall, readRaw } from './http-body.js';
import { TokenBook } from './token-book.js';
import type { UserInput } from './types.js';

export interface CloudWorkspaceInput {
  teamId: string;
  teamName: string;
  botUserId: string;
  users: UserInput[];
}

export interface FakeSlackCloudOptions {
  clientId: string;
  clientSecret: string;
  workspaces: CloudWorkspaceInput[];
  /** Token rotation on (`token_rotation_enabled`): bot tokens live this many seconds. */
  rotationSeconds?: number;
  /** Epoch-ms clock for token expiry (default Date.now). */
  clock?: () => number;
  /** Enterprise Grid organisations: their workspaces (of `workspaces`), which an org-wide install serves. */
  enterprises?: { enterpriseId: string; name: string; teamIds: string[] }[];
}

/** A Web API call as the front door saw it: which token, which team it acted for, and any refusal. */
export interface CloudCall {
  method: string;
  token: string | undefined;
  teamId: string | undefined;
  error: string | undefined;
}

export interface FakeSlackCloud {
  /** Base URL for SLACK_API_URL (`http://127.0.0.1:PORT/api/`); the authorize page is `/oauth/v2/authorize`. */
  readonly url: string;
  readonly tokens: TokenBook;
  readonly calls: CloudCall[];
  /** Every `oauth.v2.access` answered, by grant. */
  readonly grants: { grant: 'authorization_code' | 'refresh_token'; teamId: string; ok: boolean }[];
  /** The fake Slack of one workspace (its messages, channels, views). */
  workspace(teamId: string): FakeSlack;
  /**
   * Slack's authorize page for a person of `teamId` who clicks "Allow": returns where Slack sends the browser
   * back (the app's redirect URL with `code` and `state`).
   */
  allow(authorizeUrl: string, teamId: string, userId: string): Promise<string>;
  /**
   * Slack's authorize page for an org-wide install (`org_deploy_enabled`): an admin of the enterprise allows Triad
   * for the whole organisation; the token acts for each of its workspaces with `team_id`.
   */
  allowOrgWide(authorizeUrl: string, enterpriseId: string, userId: string): Promise<string>;
  /** The next `times` refresh grants answer `internal_error` (Slack having trouble). */
  failRefreshes(times: number): void;
  /** The workspace removes the app: all its tokens stop working (the app learns it from app_uninstalled). */
  uninstall(teamId: string): void;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
};

/**
 * A fake Slack serving many workspaces behind one Web API URL, as slack.com does: OAuth v2 (the authorize page,
 * `oauth.v2.access` with the code and refresh_token grants, rotating tokens), and every other method answered by
 * the workspace the token belongs to — an unknown, revoked or expired token gets `invalid_auth`, `token_revoked`
 * or `token_expired` and reaches no workspace.
 */
export async function startFakeSlackCloud(options: FakeSlackCloudOptions): Promise<FakeSlackCloud> {
  const clock = options.clock ?? Date.now;
  const tokens = new TokenBook(clock);
  const calls: CloudCall[] = [];
  const grants: FakeSlackCloud['grants'] = [];
  let refreshFaults = 0;
  const codes = new Map<
    string,
    { teamId: string; userId: string; redirectUri: string; enterpriseId?: string | undefined }
  >();
  const enterpriseOf = (enterpriseId: string) => {
    const found = options.enterprises?.find((e) => e.enterpriseId === enterpriseId);
    if (!found) throw new Error(`fake-slack-cloud: no enterprise ${enterpriseId}`);
    return found;
  };
  const workspaces = new Map<string, FakeSlack>();
  for (const [index, input] of options.workspaces.entries()) {
    workspaces.set(
      input.teamId,
      await startFakeSlack({
        teamId: input.teamId,
        teamName: input.teamName,
        botUserId: input.botUserId,
        users: input.users,
        clock,
        // Slack's ids are unique across Slack: no two workspaces of the cloud make the same conversation id.
        idSpace: (index + 1).toString(36).toUpperCase(),
      }),
    );
  }
  const identity = (teamId: string) => {
    const found = options.workspaces.find((w) => w.teamId === teamId);
    if (!found) throw new Error(`fake-slack-cloud: no workspace ${teamId}`);
    return found;
  };

  function issue(teamId: string) {
    const bot = tokens.issueBot(teamId, options.rotationSeconds);
    const rotating = options.rotationSeconds !== undefined;
    return {
      access_token: bot.token,
      token_type: 'bot',
      ...(rotating
        ? { refresh_token: tokens.issueRefresh(teamId).token, expires_in: options.rotationSeconds }
        : {}),
    };
  }

  async function oauthAccess(req: IncomingMessage, url: URL, res: ServerResponse) {
    const { args } = await parseCall(req, url, await readRaw(req));
    if (args.client_id !== options.clientId || args.client_secret !== options.clientSecret) {
      json(res, 200, { ok: false, error: 'invalid_client_id' });
      return;
    }
    if (args.grant_type === 'refresh_token') {
      if (refreshFaults > 0) {
        refreshFaults -= 1;
        grants.push({ grant: 'refresh_token', teamId: '', ok: false });
        json(res, 200, { ok: false, error: 'internal_error' });
        return;
      }
      const used = tokens.useRefresh(String(args.refresh_token ?? ''));
      grants.push({ grant: 'refresh_token', teamId: used?.teamId ?? '', ok: used !== undefined });
      if (!used) {
        json(res, 200, { ok: false, error: 'invalid_refresh_token' });
        return;
      }
      const team = identity(used.teamId);
      json(res, 200, { ok: true, ...issue(used.teamId), team: { id: team.teamId, name: team.teamName } });
      return;
    }
    const code = codes.get(String(args.code ?? ''));
    codes.delete(String(args.code ?? ''));
    grants.push({ grant: 'authorization_code', teamId: code?.teamId ?? '', ok: code !== undefined });
    if (!code) {
      json(res, 200, { ok: false, error: 'invalid_code' });
      return;
    }
    if (code.enterpriseId) {
      const enterprise = enterpriseOf(code.enterpriseId);
      const first = identity(enterprise.teamIds[0] ?? '');
      json(res, 200, {
        ok: true,
        access_token: tokens.issueEnterpriseBot(enterprise.enterpriseId).token,
        token_type: 'bot',
        scope: 'chat:write,commands,users:read',
        bot_user_id: first.botUserId,
        app_id: 'A0TRIAD00',
        team: null,
        enterprise: { id: enterprise.enterpriseId, name: enterprise.name },
        is_enterprise_install: true,
        authed_user: { id: code.userId },
      });
      return;
    }
    const team = identity(code.teamId);
    json(res, 200, {
      ok: true,
      ...issue(code.teamId),
      scope: 'chat:write,commands,users:read',
      bot_user_id: team.botUserId,
      app_id: 'A0TRIAD00',
      team: { id: team.teamId, name: team.teamName },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: code.userId },
    });
  }

  /**
   * The workspace a call acts in: the token's own, or — an org-wide token — the enterprise workspace its
   * `team_id` names (auth.test may name none: it answers for the enterprise's first workspace).
   */
  async function teamOfCall(
    req: IncomingMessage,
    url: URL,
    raw: Buffer,
    token: string | undefined,
    method: string,
    tokenTeam: string,
  ): Promise<string | undefined> {
    const enterpriseId = tokens.enterpriseOf(token);
    if (!enterpriseId) return tokenTeam;
    const enterprise = enterpriseOf(enterpriseId);
    const { args } = await parseCall(req, url, raw);
    const named = typeof args.team_id === 'string' ? args.team_id : undefined;
    if (named === undefined) return method === 'auth.test' ? enterprise.teamIds[0] : undefined;
    return enterprise.teamIds.includes(named) ? named : undefined;
  }

  async function proxy(req: IncomingMessage, url: URL, method: string, res: ServerResponse) {
    const raw = await readRaw(req);
    const { token } = await parseCall(req, url, raw).catch(() => ({ token: undefined }));
    const checked = tokens.check(token);
    if ('refusal' in checked) {
      calls.push({ method, token, teamId: undefined, error: checked.refusal });
      json(res, 200, { ok: false, error: checked.refusal });
      return;
    }
    const teamId = await teamOfCall(req, url, raw, token, method, checked.teamId);
    if (teamId === undefined) {
      calls.push({ method, token, teamId: undefined, error: 'missing_argument' });
      json(res, 200, { ok: false, error: 'missing_argument' });
      return;
    }
    calls.push({ method, token, teamId, error: undefined });
    const inner = workspaces.get(teamId);
    if (!inner) throw new Error(`fake-slack-cloud: no workspace ${checked.teamId}`);
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'authorization']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const answer = await fetch(`${inner.url}${method}${url.search}`, {
      method: req.method ?? 'POST',
      headers,
      ...(raw.length > 0 ? { body: raw } : {}),
    });
    const out: Record<string, string> = {
      'content-type': answer.headers.get('content-type') ?? 'application/json',
    };
    const retryAfter = answer.headers.get('retry-after');
    if (retryAfter) out['retry-after'] = retryAfter;
    res.writeHead(answer.status, out);
    res.end(Buffer.from(await answer.arrayBuffer()));
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    const work = !match?.[1]
      ? Promise.resolve(json(res, 404, { ok: false, error: 'not_found' }))
      : match[1] === 'oauth.v2.access'
        ? oauthAccess(req, url, res)
        : proxy(req, url, match[1], res);
    work.catch(() => {
      if (!res.headersSent) json(res, 500, { ok: false, error: 'fake_slack_cloud_error' });
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/api/`,
    tokens,
    calls,
    grants,
    workspace: (teamId) => {
      const found = workspaces.get(teamId);
      if (!found) throw new Error(`fake-slack-cloud: no workspace ${teamId}`);
      return found;
    },
    async allow(authorizeUrl, teamId, userId) {
      const authorize = new URL(authorizeUrl);
      if (authorize.pathname !== '/oauth/v2/authorize') throw new Error('not the authorize page');
      if (authorize.searchParams.get('client_id') !== options.clientId) throw new Error('wrong client id');
      const redirectUri = authorize.searchParams.get('redirect_uri');
      const state = authorize.searchParams.get('state');
      if (!redirectUri || !state) throw new Error('the authorize URL needs redirect_uri and state');
      identity(teamId);
      const code = randomBytes(8).toString('hex');
      codes.set(code, { teamId, userId, redirectUri });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', state);
      return back.toString();
    },
    async allowOrgWide(authorizeUrl, enterpriseId, userId) {
      const authorize = new URL(authorizeUrl);
      const redirectUri = authorize.searchParams.get('redirect_uri');
      const state = authorize.searchParams.get('state');
      if (authorize.searchParams.get('client_id') !== options.clientId) throw new Error('wrong client id');
      if (!redirectUri || !state) throw new Error('the authorize URL needs redirect_uri and state');
      const enterprise = enterpriseOf(enterpriseId);
      const code = randomBytes(8).toString('hex');
      codes.set(code, { teamId: enterprise.teamIds[0] ?? '', userId, redirectUri, enterpriseId });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', state);
      return back.toString();
    },
    failRefreshes: (times) => {
      refreshFaults = times;
    },
    uninstall: (teamId) => tokens.revokeTeam(teamId),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const workspace of workspaces.values()) await workspace.close();
    },
  };
}
