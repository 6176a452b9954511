import type { TeamsChannelAccount } from 'botbuilder';
import type { Directory, PlatformProfile } from '../../src/ports/directory.js';
import { statusOf } from './delivery-errors.js';
import type { FindEntraUser } from './graph/graph-people.js';
import type { TeamsAddress } from './teams-address.js';
import type { TeamsConnector } from './teams-connector.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The Directory port on Teams rosters, for one inbound request. The Bot Connector can describe a user only as a
 * member of a conversation, so a user is looked up in their 1:1 chat with Triad (created if needed, which
 * also proves Triad can reach them). Teams tells a bot nobody's time zone but the sender's, so `timeZone`
 * is unknown here and the organisation's default applies until the person uses a picker.
 */
export class TeamsDirectory implements Directory {
  private readonly accounts = new Map<string, Promise<TeamsChannelAccount | undefined>>();
  private readonly seen: TeamsChannelAccount[] = [];

  constructor(
    private readonly connector: TeamsConnector,
    private readonly where: { serviceUrl: string; tenantId: string },
    /** People already seen in this request (the sender, a roster), by id and Entra object id. */
    known: readonly TeamsChannelAccount[] = [],
    /** The tenant's directory through Graph, where its admin allows it: people Triad cannot reach yet. */
    private readonly entraUsers?: FindEntraUser,
  ) {
    this.addRoster(known);
  }

  /**
   * Someone Triad cannot reach yet (Triad is not installed for them) but knows by what the request said (a
   * mention's id and name): named as such, Triad installs itself for them or waits until they open it.
   */
  noteUnreached(account: { id: string; name: string }): void {
    this.remember({ ...account, tenantId: this.where.tenantId } as TeamsChannelAccount);
  }

  /**
   * The account with this e-mail address or UPN: among the people seen in this request, else the tenant's
   * directory (a person not reached yet is named by their Entra object id until Teams names them).
   */
  async findByEmail(address: string): Promise<TeamsChannelAccount | undefined> {
    const seen = this.byEmail(address);
    if (seen || !this.entraUsers) return seen;
    const user = await this.entraUsers(this.where.tenantId, address);
    return user ? this.account(user.id) : undefined;
  }

  private remember(account: TeamsChannelAccount): void {
    const found = Promise.resolve(account);
    this.accounts.set(account.id, found);
    if (account.aadObjectId) this.accounts.set(account.aadObjectId.toLowerCase(), found);
  }

  /** A user's account (`29:` id or Entra object id), or undefined when Teams does not know them or Triad cannot reach them. */
  account(userId: string): Promise<TeamsChannelAccount | undefined> {
    const key = userId.startsWith('29:') ? userId : userId.toLowerCase();
    let found = this.accounts.get(key);
    if (!found) {
      found = this.fetch(userId);
      this.accounts.set(key, found);
    }
    return found;
  }

  private async fetch(userId: string): Promise<TeamsChannelAccount | undefined> {
    let chat: TeamsAddress;
    try {
      chat = await this.connector.personalChat(this.where.serviceUrl, this.where.tenantId, userId);
    } catch (error) {
      const status = statusOf(error);
      if (status === 400 || status === 403 || status === 404) return this.unreached(userId);
      throw error;
    }
    const account = await this.connector.member(chat, userId);
    if (account) this.remember(account);
    return account;
  }

  /**
   * Someone Triad cannot reach in Teams yet, named by their Entra object id: the tenant's directory says who they
   * are (where the admin allows Triad to read it), and the Entra id stands for them until Teams names them.
   */
  private async unreached(userId: string): Promise<TeamsChannelAccount | undefined> {
    if (!GUID.test(userId) || !this.entraUsers) return undefined;
    const user = await this.entraUsers(this.where.tenantId, userId);
    if (!user) return undefined;
    const account = {
      id: user.id,
      aadObjectId: user.id,
      name: user.displayName,
      email: user.mail,
      userPrincipalName: user.userPrincipalName,
      // A member of the coaching firm's tenant (see `withFirmTenant`) is named with their own tenant.
      tenantId: user.tenantId ?? this.where.tenantId,
      userRole: user.guest ? 'anonymous' : 'user',
    } as TeamsChannelAccount;
    this.remember(account);
    this.seen.push(account);
    return account;
  }

  async lookup(platformUserId: string): Promise<PlatformProfile | undefined> {
    if (platformUserId.startsWith('28:')) {
      return { platformUserId, displayName: 'a bot', timeZone: undefined, isBot: true, deleted: false };
    }
    const account = await this.account(platformUserId);
    if (!account?.id) return undefined;
    return {
      platformUserId: account.id,
      displayName: account.name?.trim() || account.givenName || account.userPrincipalName || account.id,
      timeZone: undefined,
      isBot: account.id.startsWith('28:') || account.userRole === 'bot',
      deleted: false,
      ...(this.otherTenant(account.tenantId) ? { homeTeamId: account.tenantId?.toLowerCase() } : {}),
    };
  }

  /** A home tenant that is not this request's (a federated external user's); guests are the tenant's own. */
  private otherTenant(tenantId: string | undefined): boolean {
    return !!tenantId && tenantId.toLowerCase() !== this.where.tenantId.toLowerCase();
  }

  /** Finds an email address or UPN among the accounts seen in this request. */
  byEmail(address: string): TeamsChannelAccount | undefined {
    const wanted = address.toLowerCase();
    for (const candidate of this.seen) {
      if (
        candidate.email?.toLowerCase() === wanted ||
        candidate.userPrincipalName?.toLowerCase() === wanted
      ) {
        return candidate;
      }
    }
    return undefined;
  }

  /** Adds a roster (the members of the conversation a command came from) to what `byEmail` searches. */
  addRoster(roster: readonly TeamsChannelAccount[]): void {
    for (const account of roster) {
      this.remember(account);
      this.seen.push(account);
    }
  }
}
