import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea } from './content.table.js';

/**
 * One Slack installation of Triad (distribution mode): a workspace, or an Enterprise Grid organisation installed
 * org-wide. The bot token and the refresh token are sealed with the configured keys, bound to the installation
 * and the column (associated data), so a ciphertext copied to another installation or column does not open.
 * An uninstalled or revoked installation keeps its row (and the organisation its data until retention): nothing
 * is sent for it until it is installed again.
 */
export const slackInstallations = pgTable(
  'slack_installations',
  {
    id: uuid('id').primaryKey(),
    /** `T:<team id>` for a workspace install, `E:<enterprise id>` for an org-wide install: one row each. */
    installationKey: text('installation_key').notNull(),
    teamId: text('team_id'),
    enterpriseId: text('enterprise_id'),
    isEnterpriseInstall: boolean('is_enterprise_install').notNull(),
    appId: text('app_id'),
    botId: text('bot_id'),
    botUserId: text('bot_user_id').notNull(),
    botTokenCiphertext: bytea('bot_token_ciphertext').notNull(),
    botTokenKeyId: text('bot_token_key_id').notNull(),
    /** Set when token rotation is on: the refresh token and when the bot token expires. */
    refreshTokenCiphertext: bytea('refresh_token_ciphertext'),
    refreshTokenKeyId: text('refresh_token_key_id'),
    tokenExpiresAt: timestamp('token_expires_at', { withTimezone: true }),
    /** Bumped on every token change, so cached Web API clients are replaced. */
    tokenVersion: integer('token_version').notNull().default(1),
    scopes: text('scopes').array().notNull(),
    /** The Slack user who installed (or last re-installed) Triad. */
    installerUserId: text('installer_user_id'),
    installedAt: timestamp('installed_at', { withTimezone: true }).notNull(),
    uninstalledAt: timestamp('uninstalled_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** Refreshes failed in a row since the last good one, and the last Slack error code (ops alert). */
    refreshFailures: integer('refresh_failures').notNull().default(0),
    lastRefreshError: text('last_refresh_error'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('slack_installations_key').on(t.installationKey),
    index('slack_installations_team').on(t.teamId),
  ],
);

/**
 * The workspaces of an Enterprise Grid organisation installed org-wide, as requests from them arrive: a worker
 * that acts for a workspace (team id) finds the org-wide installation whose token serves it.
 */
export const slackEnterpriseTeams = pgTable('slack_enterprise_teams', {
  teamId: text('team_id').primaryKey(),
  enterpriseId: text('enterprise_id').notNull(),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
});
