import { AsyncLocalStorage } from 'node:async_hooks';
import type * as webApi from '@slack/web-api';
import { DeliveryError } from '../../../src/ports/messenger.js';
import { enterpriseKey } from './installation-records.js';
import type { InstallationVault, UsableToken, WorkspaceUnavailable } from './installation-vault.js';

/** How long a delivery for an uninstalled or revoked workspace waits before it looks again (not an attempt). */
export const AWAY_HOLD_MS = 60_000;
/** How long a delivery waits after a failed token refresh before the refresh is tried again. */
export const REFRESH_RETRY_MS = 30_000;

/**
 * Lookup clients kept at most (about 26 KB each): the workspaces looked up most recently. One used longer ago is
 * made again when next needed (0.2 ms), so a firm's thousands of workspaces never hold a client each.
 */
export const LOOKUP_CLIENTS_KEPT = 200;

/** Makes the Web API clients of distribution mode. */
export interface ClientFactory {
  /** A lookup client with a workspace's token; `teamId` for an org-wide (Enterprise Grid) token. */
  lookup(token: string, teamId?: string): webApi.WebClient;
  /**
   * A delivery client holding no token, shared by the workspaces whose calls pass theirs; `teamId` for the
   * workspace of an org-wide token, whose calls must name it.
   */
  delivery(teamId?: string): webApi.WebClient;
}

/** The delivery client of a workspace and the token its calls pass, current when read for this call. */
export interface DeliveryClient {
  client: webApi.WebClient;
  token: string;
}

interface Cached {
  version: number;
  client: webApi.WebClient;
}

/**
 * The Web API clients of distribution mode, each call with its workspace's installation token. Deliveries go
 * through one client holding no token (one per workspace of an org-wide token, which names its workspace), each
 * call passing the workspace's token: a client costs about 26 KB and 0.2 ms to make, and a Monday reaches every
 * workspace. Lookups use a client per workspace, made with its token, kept while its token version holds (the
 * `LOOKUP_CLIENTS_KEPT` used most recently) and replaced when the token changes (rotation, re-install). Every
 * call first asks the vault for a usable token, so an uninstalled or revoked workspace gets no call at all, and a
 * rotating token is refreshed before it expires.
 */
export class WorkspaceClients {
  private readonly lookups = new Map<string, Cached>();
  private readonly deliveries = new Map<string, webApi.WebClient>();
  /** Token reads in flight, by team: calls made while one is running share it (a batch's sends to one workspace). */
  private readonly reading = new Map<string, Promise<UsableToken>>();
  /** Teams whose read starts at the next turn of the event loop, all in one statement (a batch's workspaces). */
  private next: Map<string, (read: Promise<UsableToken>) => void> | undefined;

  constructor(
    private readonly vault: InstallationVault,
    private readonly factory: ClientFactory,
  ) {}

  /** The lookup client of a workspace (team id); throws WorkspaceUnavailable when it has no usable token. */
  async lookupClientFor(teamId: string): Promise<webApi.WebClient> {
    const usable = await this.currentToken(teamId);
    // One org-wide token serves every workspace of the enterprise: a client per workspace, each naming its own.
    const orgWide = isOrgWide(usable);
    const cacheKey = orgWide ? `${usable.installationKey}:${teamId}` : usable.installationKey;
    const cached = this.lookups.get(cacheKey);
    // Kept most recently used last: the one used longest ago is dropped first.
    this.lookups.delete(cacheKey);
    if (cached && cached.version === usable.version) {
      this.lookups.set(cacheKey, cached);
      return cached.client;
    }
    const client = orgWide ? this.factory.lookup(usable.token, teamId) : this.factory.lookup(usable.token);
    this.lookups.set(cacheKey, { version: usable.version, client });
    for (const key of this.lookups.keys()) {
      if (this.lookups.size <= LOOKUP_CLIENTS_KEPT) break;
      this.lookups.delete(key);
    }
    return client;
  }

  /** The delivery client and token of a workspace; throws WorkspaceUnavailable when it has no usable token. */
  async deliveryClientFor(teamId: string): Promise<DeliveryClient> {
    const usable = await this.currentToken(teamId);
    const orgWide = isOrgWide(usable);
    const key = orgWide ? `team:${teamId}` : 'shared';
    let client = this.deliveries.get(key);
    if (!client) {
      client = orgWide ? this.factory.delivery(teamId) : this.factory.delivery();
      this.deliveries.set(key, client);
    }
    return { client, token: usable.token };
  }

  /**
   * The workspace's token as the installations table holds it now: a read that was already running when the call
   * came is shared, never one that finished before it, so an uninstall or a rotation is seen as soon as by a read
   * of its own.
   */
  private currentToken(teamId: string): Promise<UsableToken> {
    let pending = this.reading.get(teamId);
    if (!pending) {
      const read = new Promise<UsableToken>((resolve) => this.readSoon(teamId, resolve));
      pending = read;
      this.reading.set(teamId, read);
      const forget = () => {
        if (this.reading.get(teamId) === read) this.reading.delete(teamId);
      };
      read.then(forget, forget);
    }
    return pending;
  }

  /**
   * Queues a team's token read: the calls of one turn of the event loop (a batch's sends reach their workspaces
   * together) are read with one statement, started after the call came, never before it.
   */
  private readSoon(teamId: string, settle: (read: Promise<UsableToken>) => void): void {
    if (!this.next) {
      const teams = new Map<string, (read: Promise<UsableToken>) => void>();
      this.next = teams;
      setImmediate(() => {
        this.next = undefined;
        const ids = [...teams.keys()];
        const reads = this.vault.tokensForTeams(ids);
        for (const [id, answer] of teams)
          answer(reads.then((byTeam) => byTeam.get(id) as Promise<UsableToken>));
      });
    }
    this.next.set(teamId, settle);
  }
}

const ORG_WIDE_PREFIX = enterpriseKey('');
const isOrgWide = (usable: UsableToken) => usable.installationKey.startsWith(ORG_WIDE_PREFIX);

/**
 * A delivery that cannot use the workspace's token waits without using up an attempt (retryable with a wait):
 * it is neither failed nor lost, and goes out once the workspace is installed again or the refresh succeeds.
 */
export function heldDelivery(error: WorkspaceUnavailable): DeliveryError {
  const wait = error.code === 'token_refresh_failed' ? REFRESH_RETRY_MS : AWAY_HOLD_MS;
  return new DeliveryError(error.code, true, wait);
}

/**
 * The Web API client of the Slack request being handled (Bolt's per-request client, authorized with the
 * workspace's token), for what the core calls while it runs: the directory's `users.info`.
 */
const requestClient = new AsyncLocalStorage<webApi.WebClient>();

export const runWithRequestClient = <T>(client: webApi.WebClient, work: () => Promise<T>): Promise<T> =>
  requestClient.run(client, work);

export const currentRequestClient = (): webApi.WebClient | undefined => requestClient.getStore();
