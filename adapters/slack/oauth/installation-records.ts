/**
 * How a Slack installation is stored (table `slack_installations`): tokens sealed, everything else plain. The
 * repository (db/repositories/slack-installation.repository.ts) reads and writes rows; sealing and opening the
 * tokens is the vault's (`installation-vault.ts`), so the repository never sees a token in clear.
 */
export interface InstallationRow {
  id: string;
  /** `T:<team id>` or `E:<enterprise id>` (org-wide install). */
  installationKey: string;
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
  appId: string | null;
  botId: string | null;
  botUserId: string;
  botTokenCiphertext: Buffer;
  botTokenKeyId: string;
  refreshTokenCiphertext: Buffer | null;
  refreshTokenKeyId: string | null;
  tokenExpiresAt: Date | null;
  tokenVersion: number;
  scopes: string[];
  installerUserId: string | null;
  installedAt: Date;
  uninstalledAt: Date | null;
  revokedAt: Date | null;
  refreshFailures: number;
  lastRefreshError: string | null;
  updatedAt: Date;
}

export type GoneField = 'uninstalledAt' | 'revokedAt';

export interface SlackInstallationRepository {
  find(installationKey: string): Promise<InstallationRow | undefined>;
  /** The rows of those keys that have one, in one read (any order). */
  findMany(installationKeys: readonly string[]): Promise<InstallationRow[]>;
  /** Inserts or replaces the row of its key (an install or a re-install); returns the row it replaced. */
  save(row: InstallationRow): Promise<InstallationRow | undefined>;
  /**
   * Runs `work` holding the row's lock (`SELECT … FOR UPDATE`): one refresher at a time across every process.
   * `work` gets the row as it is once the lock is held, and may replace it with `update`.
   */
  withLock<T>(
    installationKey: string,
    work: (row: InstallationRow | undefined, update: (row: InstallationRow) => Promise<void>) => Promise<T>,
  ): Promise<T>;
  /** Marks the installation uninstalled or its tokens revoked; false when there is no such installation. */
  markGone(installationKey: string, field: GoneField, at: Date): Promise<boolean>;
  /** Counts a failed refresh (ops alert); returns the failures in a row. */
  noteRefreshFailure(installationKey: string, code: string, at: Date): Promise<number>;
  /** Remembers that a workspace belongs to an Enterprise Grid organisation (seen on a request). */
  rememberEnterpriseTeam(teamId: string, enterpriseId: string, at: Date): Promise<void>;
  enterpriseOf(teamId: string): Promise<string | undefined>;
  /** The workspaces of an Enterprise Grid organisation Triad has heard from, by team id. */
  teamsOf(enterpriseId: string): Promise<string[]>;
}

export const teamKey = (teamId: string) => `T:${teamId}`;
export const enterpriseKey = (enterpriseId: string) => `E:${enterpriseId}`;
