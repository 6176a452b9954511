import { randomBytes } from 'node:crypto';

/** One token the fake Slack issued: the team it belongs to, and when it stops working. */
export interface IssuedToken {
  token: string;
  teamId: string;
  kind: 'bot' | 'refresh';
  /** Epoch ms; undefined for a non-rotating token. */
  expiresAt: number | undefined;
  revoked: boolean;
  /** A refresh token works once: the refresh that uses it gets a new one. */
  used: boolean;
  /** An org-wide (Enterprise Grid) token: it acts for every workspace of the enterprise, named by `team_id`. */
  enterpriseId?: string | undefined;
}

/** Why the fake refuses a token, in Slack's words. */
export type TokenRefusal = 'invalid_auth' | 'token_revoked' | 'token_expired';

const mint = (prefix: string) => `${prefix}-${randomBytes(12).toString('hex')}`;

/**
 * The tokens of a fake Slack with many workspaces: each token belongs to one team; rotating bot tokens expire;
 * refresh tokens are single-use (a second refresh with the same one is refused, as a race would be).
 */
export class TokenBook {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(private readonly clock: () => number) {}

  issueBot(teamId: string, lifetimeSeconds: number | undefined): IssuedToken {
    const issued: IssuedToken = {
      token: mint('xoxb'),
      teamId,
      kind: 'bot',
      expiresAt: lifetimeSeconds === undefined ? undefined : this.clock() + lifetimeSeconds * 1000,
      revoked: false,
      used: false,
    };
    this.tokens.set(issued.token, issued);
    return issued;
  }

  issueRefresh(teamId: string): IssuedToken {
    const issued: IssuedToken = {
      token: mint('xoxe-1'),
      teamId,
      kind: 'refresh',
      expiresAt: undefined,
      revoked: false,
      used: false,
    };
    this.tokens.set(issued.token, issued);
    return issued;
  }

  /** An org-wide bot token for an enterprise (its `teamId` is the enterprise id). */
  issueEnterpriseBot(enterpriseId: string): IssuedToken {
    const issued = this.issueBot(enterpriseId, undefined);
    issued.enterpriseId = enterpriseId;
    return issued;
  }

  /** The enterprise an org-wide token acts for, if it is one. */
  enterpriseOf(token: string | undefined): string | undefined {
    return token === undefined ? undefined : this.tokens.get(token)?.enterpriseId;
  }

  /** The team a bot token acts for, or why Slack refuses it. */
  check(token: string | undefined): { teamId: string } | { refusal: TokenRefusal } {
    const found = token === undefined ? undefined : this.tokens.get(token);
    if (found?.kind !== 'bot') return { refusal: 'invalid_auth' };
    if (found.revoked) return { refusal: 'token_revoked' };
    if (found.expiresAt !== undefined && this.clock() >= found.expiresAt) return { refusal: 'token_expired' };
    return { teamId: found.teamId };
  }

  /** Uses a refresh token once; undefined when unknown, revoked or already used. */
  useRefresh(token: string): IssuedToken | undefined {
    const found = this.tokens.get(token);
    if (found?.kind !== 'refresh' || found.revoked || found.used) return undefined;
    found.used = true;
    return found;
  }

  /** Uninstall or revocation: every token of the team stops working. */
  revokeTeam(teamId: string): void {
    for (const issued of this.tokens.values()) if (issued.teamId === teamId) issued.revoked = true;
  }

  get(token: string): IssuedToken | undefined {
    return this.tokens.get(token);
  }
}
