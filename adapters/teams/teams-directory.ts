import type { TeamsChannelAccount } from 'botbuilder';
import type { Directory, PlatformProfile } from '../../src/ports/directory.js';
import { statusOf } from './delivery-errors.js';
import type { TeamsAddress } from './teams-address.js';
import type { TeamsConnector } from './teams-connector.js';

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
  ) {
    this.addRoster(known);
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
      if (status === 400 || status === 403 || status === 404) return undefined;
      throw error;
    }
    const account = await this.connector.member(chat, userId);
    if (account) this.remember(account);
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
    };
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
