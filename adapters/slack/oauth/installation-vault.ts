import type { Installation } from '@slack/bolt';
import type { Cipher, SealContext } from '../../../src/ports/cipher.js';
import type { Clock } from '../../../src/ports/clock.js';
import type { IdGenerator } from '../../../src/ports/ids.js';
import type { Logger } from '../../../src/ports/logger.js';
import {
  enterpriseKey,
  type InstallationRow,
  type SlackInstallationRepository,
  teamKey,
} from './installation-records.js';
import type { RefreshedToken } from './token-refresh.js';

/** A rotating token is refreshed once it has less than this left, so no request ever carries an expired one. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** After this many refusals in a row the organisation's HR admins are told (once per streak), not only the log. */
export const REFRESH_ALERT_AFTER = 3;

type TokenColumn = 'bot_token' | 'refresh_token';

/** The associated data of a sealed token: the table, the installation (team or enterprise id) and the column. */
const tokenContext = (installationKey: string, column: TokenColumn): SealContext => ({
  table: 'slack_installations',
  rowId: `${installationKey}/${column}`,
  engagementId: null,
});

/** Why an installation's token cannot be used now; the codes are what a held delivery records. */
export class WorkspaceUnavailable extends Error {
  constructor(
    readonly code:
      | 'workspace_not_installed'
      | 'workspace_uninstalled'
      | 'tokens_revoked'
      | 'token_refresh_failed',
  ) {
    super(`Slack workspace unavailable: ${code}`);
    this.name = 'WorkspaceUnavailable';
  }
}

/** The codes a delivery is held with while its workspace has removed Triad or revoked its tokens. */
export const AWAY_CODES = ['workspace_uninstalled', 'tokens_revoked'] as const;

/** The bot token an installation acts with now, and the version that changes with it (client caches). */
export interface UsableToken {
  installationKey: string;
  token: string;
  version: number;
  botUserId: string;
}

export interface VaultDeps {
  repository: SlackInstallationRepository;
  cipher: Cipher;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  /** `oauth.v2.access` with grant_type=refresh_token. */
  refresh(refreshToken: string): Promise<RefreshedToken>;
  marginMs?: number;
  /**
   * Called once per streak of refused refreshes, when it reaches `alertAfter` in a row: with the installation
   * and, while it has not expired, its current token (to reach the workspace with). A refresh that succeeds, or
   * a re-install, ends the streak. Its failure is logged and changes nothing else.
   */
  onRefreshFailing?(failing: RefreshFailing): Promise<void>;
  alertAfter?: number;
}

/** What a streak of refused refreshes hands to whoever tells people about it. */
export interface RefreshFailing {
  row: InstallationRow;
  failures: number;
  /** The bot token as it is now, if it has not expired; undefined once it has. */
  currentToken: string | undefined;
}

/** What storing an installation found: the row it replaced, if the workspace had installed Triad before. */
export interface StoredInstallation {
  row: InstallationRow;
  previous: InstallationRow | undefined;
}

/**
 * Installations with their tokens sealed at rest, and the one place a usable token comes from: a rotating token
 * close to expiry is refreshed under the installation's row lock (one refresher across every process; the others
 * wait and read the new token), an expired one is never handed out, and an uninstalled or revoked installation
 * hands out nothing.
 */
export class InstallationVault {
  private readonly margin: number;
  private readonly alertAfter: number;
  /**
   * The bot token last opened per installation, with the sealed bytes and version it came from: the same bytes
   * under the same key and row give the same token, so they are opened again only when the row holds others.
   */
  private readonly opened = new Map<
    string,
    { ciphertext: Buffer; keyId: string; version: number; token: string }
  >();

  constructor(private readonly deps: VaultDeps) {
    this.margin = deps.marginMs ?? REFRESH_MARGIN_MS;
    this.alertAfter = deps.alertAfter ?? REFRESH_ALERT_AFTER;
  }

  /** The key of the installation that serves a workspace: its own, or its Enterprise Grid organisation's. */
  async keyFor(teamId: string, enterpriseId?: string): Promise<string | undefined> {
    return (await this.rowFor(teamId, enterpriseId))?.installationKey;
  }

  /** The installation row that serves a workspace, each row read once: its own, else its Grid organisation's. */
  private async rowFor(teamId: string, enterpriseId?: string): Promise<InstallationRow | undefined> {
    const own = await this.deps.repository.find(teamKey(teamId));
    if (own) return own;
    const enterprise = enterpriseId ?? (await this.deps.repository.enterpriseOf(teamId));
    return enterprise ? this.deps.repository.find(enterpriseKey(enterprise)) : undefined;
  }

  async find(installationKey: string): Promise<InstallationRow | undefined> {
    return this.deps.repository.find(installationKey);
  }

  /** Stores what Slack's OAuth answered (an install or a re-install), tokens sealed, the gone marks cleared. */
  async store(installation: Installation): Promise<StoredInstallation> {
    const bot = installation.bot;
    if (!bot) throw new Error('a Slack installation without a bot token');
    const enterpriseId = installation.enterprise?.id ?? null;
    const orgWide = installation.isEnterpriseInstall === true;
    const teamId = installation.team?.id ?? null;
    const key = orgWide && enterpriseId ? enterpriseKey(enterpriseId) : teamKey(teamId ?? '');
    if (!orgWide && !teamId) throw new Error('a Slack workspace installation without a team id');
    const now = this.deps.clock.now();
    const refresh = bot.refreshToken ? this.seal(bot.refreshToken, key, 'refresh_token') : undefined;
    const sealedBot = this.seal(bot.token, key, 'bot_token');
    const row: InstallationRow = {
      id: this.deps.ids.newId(),
      installationKey: key,
      teamId: orgWide ? null : teamId,
      enterpriseId,
      isEnterpriseInstall: orgWide,
      appId: installation.appId ?? null,
      botId: bot.id ?? null,
      botUserId: bot.userId,
      botTokenCiphertext: sealedBot.ciphertext,
      botTokenKeyId: sealedBot.keyId,
      refreshTokenCiphertext: refresh?.ciphertext ?? null,
      refreshTokenKeyId: refresh?.keyId ?? null,
      tokenExpiresAt: bot.expiresAt ? new Date(bot.expiresAt * 1000) : null,
      tokenVersion: 1,
      scopes: bot.scopes ?? [],
      installerUserId: installation.user?.id ?? null,
      installedAt: now,
      uninstalledAt: null,
      revokedAt: null,
      refreshFailures: 0,
      lastRefreshError: null,
      updatedAt: now,
    };
    const previous = await this.deps.repository.save(row);
    return { row, previous };
  }

  /** The installation's bot token, refreshed first when it is a rotating token close to expiry. */
  async usableToken(installationKey: string): Promise<UsableToken> {
    return this.usableFrom(installationKey, await this.deps.repository.find(installationKey));
  }

  /**
   * The bot token acting for a workspace now (its own installation, else its Enterprise Grid organisation's),
   * as `keyFor` then `usableToken` give it, reading each installation row once.
   */
  async tokenForTeam(teamId: string): Promise<UsableToken> {
    const row = await this.rowFor(teamId);
    if (!row) throw new WorkspaceUnavailable('workspace_not_installed');
    return this.usableFrom(row.installationKey, row);
  }

  /**
   * `tokenForTeam` for many workspaces at once: their own installation rows are read in one statement; a workspace
   * without one (an Enterprise Grid workspace, or none) is looked up as `tokenForTeam` does. Each answer is that
   * workspace's token or its failure (WorkspaceUnavailable, SealedTextRefused), as `tokenForTeam` would give it.
   */
  async tokensForTeams(teamIds: readonly string[]): Promise<Map<string, Promise<UsableToken>>> {
    const own = new Map(
      (await this.deps.repository.findMany(teamIds.map(teamKey))).map((row) => [row.installationKey, row]),
    );
    const answers = new Map<string, Promise<UsableToken>>();
    for (const teamId of teamIds) {
      const row = own.get(teamKey(teamId));
      answers.set(
        teamId,
        row
          ? Promise.resolve().then(() => this.usableFrom(row.installationKey, row))
          : this.tokenForTeam(teamId),
      );
    }
    return answers;
  }

  private usableFrom(
    installationKey: string,
    row: InstallationRow | undefined,
  ): Promise<UsableToken> | UsableToken {
    const ready = this.check(row);
    if (!this.expiring(ready)) return this.usable(ready);
    return this.refreshed(installationKey);
  }

  /** Whether the row can give a token at all (installed, not revoked). */
  private check(row: InstallationRow | undefined): InstallationRow {
    if (!row) throw new WorkspaceUnavailable('workspace_not_installed');
    if (row.revokedAt) throw new WorkspaceUnavailable('tokens_revoked');
    if (row.uninstalledAt) throw new WorkspaceUnavailable('workspace_uninstalled');
    return row;
  }

  private expiring(row: InstallationRow, margin = this.margin): boolean {
    if (!row.tokenExpiresAt || !row.refreshTokenCiphertext) return false;
    return row.tokenExpiresAt.getTime() - this.deps.clock.now().getTime() <= margin;
  }

  /**
   * Refreshes under the row lock. Whoever gets the lock second finds the token already fresh and uses it. A
   * failed refresh is counted and alerted; the current token is still used while it has not expired, never after.
   */
  private async refreshed(installationKey: string): Promise<UsableToken> {
    const outcome = await this.deps.repository.withLock(installationKey, async (locked, update) => {
      const row = this.check(locked);
      if (!this.expiring(row)) return this.usable(row);
      const refreshToken = this.open(
        row.refreshTokenCiphertext,
        row.refreshTokenKeyId,
        installationKey,
        'refresh_token',
      );
      try {
        const fresh = await this.deps.refresh(refreshToken);
        const now = this.deps.clock.now();
        const sealedBot = this.seal(fresh.accessToken, installationKey, 'bot_token');
        const sealedRefresh = this.seal(fresh.refreshToken, installationKey, 'refresh_token');
        const next: InstallationRow = {
          ...row,
          botTokenCiphertext: sealedBot.ciphertext,
          botTokenKeyId: sealedBot.keyId,
          refreshTokenCiphertext: sealedRefresh.ciphertext,
          refreshTokenKeyId: sealedRefresh.keyId,
          tokenExpiresAt: new Date(now.getTime() + fresh.expiresInSeconds * 1000),
          tokenVersion: row.tokenVersion + 1,
          refreshFailures: 0,
          lastRefreshError: null,
          updatedAt: now,
        };
        await update(next);
        this.deps.logger.info(
          { installation: installationKey, version: next.tokenVersion },
          'Slack token refreshed',
        );
        return this.usable(next);
      } catch (error) {
        return { failed: error, row } as const;
      }
    });
    if (!('failed' in outcome)) return outcome;
    const code = codeOf(outcome.failed);
    const failures = await this.deps.repository.noteRefreshFailure(
      installationKey,
      code,
      this.deps.clock.now(),
    );
    this.deps.logger.error(
      { alert: 'slack_token_refresh_failed', installation: installationKey, code, failures },
      'Slack token refresh failed; it is tried again',
    );
    const expired = this.expiring(outcome.row, 0);
    // The count is the row's, incremented in one statement: exactly one caller sees the streak reach the mark.
    if (failures === this.alertAfter) await this.alert(outcome.row, failures, expired);
    if (expired) throw new WorkspaceUnavailable('token_refresh_failed');
    return this.usable(outcome.row);
  }

  private async alert(row: InstallationRow, failures: number, expired: boolean): Promise<void> {
    try {
      const currentToken = expired ? undefined : this.usable(row).token;
      await this.deps.onRefreshFailing?.({ row, failures, currentToken });
    } catch (error) {
      this.deps.logger.error(
        { installation: row.installationKey, err: error instanceof Error ? error.name : 'unknown_error' },
        'Slack token refresh alert could not be given',
      );
    }
  }

  private usable(row: InstallationRow): UsableToken {
    return {
      installationKey: row.installationKey,
      token: this.botToken(row),
      version: row.tokenVersion,
      botUserId: row.botUserId,
    };
  }

  /** The row's bot token: opened once per sealed value (every send of a batch reads the row, not the token). */
  private botToken(row: InstallationRow): string {
    const { botTokenCiphertext: ciphertext, botTokenKeyId: keyId, installationKey: key } = row;
    const known = this.opened.get(key);
    if (
      known &&
      ciphertext &&
      known.keyId === keyId &&
      known.version === row.tokenVersion &&
      known.ciphertext.equals(ciphertext)
    ) {
      return known.token;
    }
    const token = this.open(ciphertext, keyId, key, 'bot_token');
    this.opened.set(key, {
      ciphertext: Buffer.from(ciphertext as Buffer),
      keyId: keyId as string,
      version: row.tokenVersion,
      token,
    });
    return token;
  }

  private seal(token: string, key: string, column: TokenColumn) {
    return this.deps.cipher.seal(token, tokenContext(key, column));
  }

  private open(ciphertext: Buffer | null, keyId: string | null, key: string, column: TokenColumn): string {
    if (!ciphertext || !keyId) throw new WorkspaceUnavailable('token_refresh_failed');
    return this.deps.cipher.open({ ciphertext, keyId }, tokenContext(key, column));
  }
}

/** A Slack error code (`invalid_refresh_token`), or the error's name: never a token. */
function codeOf(error: unknown): string {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  if (typeof data?.error === 'string') return data.error;
  return error instanceof Error ? error.name : 'unknown_error';
}
