import { eq, inArray, sql } from 'drizzle-orm';
import type {
  InstallationRow,
  SlackInstallationRepository,
} from '../../adapters/slack/oauth/installation-records.js';
import type { TriadDatabase } from '../client.js';
import { slackEnterpriseTeams, slackInstallations } from '../schema/index.js';

const byKey = (key: string) => eq(slackInstallations.installationKey, key);

/** Slack installations on PostgreSQL or PGlite (distribution mode). */
export function slackInstallationRepository(db: TriadDatabase): SlackInstallationRepository {
  return {
    async find(key) {
      const [row] = await db.select().from(slackInstallations).where(byKey(key));
      return row;
    },
    async findMany(keys) {
      if (keys.length === 0) return [];
      return db
        .select()
        .from(slackInstallations)
        .where(inArray(slackInstallations.installationKey, [...new Set(keys)]));
    },
    async save(row) {
      return db.transaction(async (tx) => {
        const [previous] = await tx
          .select()
          .from(slackInstallations)
          .where(byKey(row.installationKey))
          .for('update');
        if (!previous) {
          await tx.insert(slackInstallations).values(row);
          return undefined;
        }
        const { id: _id, ...changes } = row;
        await tx
          .update(slackInstallations)
          .set({ ...changes, tokenVersion: previous.tokenVersion + 1 })
          .where(byKey(row.installationKey));
        return previous;
      });
    },
    async withLock(key, work) {
      return db.transaction(async (tx) => {
        const [row] = await tx.select().from(slackInstallations).where(byKey(key)).for('update');
        return work(row, async (changed: InstallationRow) => {
          const { id: _id, ...changes } = changed;
          await tx.update(slackInstallations).set(changes).where(byKey(key));
        });
      });
    },
    async markGone(key, field, at) {
      const rows = await db
        .update(slackInstallations)
        .set({ [field]: at, updatedAt: at })
        .where(byKey(key))
        .returning({ id: slackInstallations.id });
      return rows.length > 0;
    },
    async noteRefreshFailure(key, code, at) {
      const [row] = await db
        .update(slackInstallations)
        .set({
          refreshFailures: sql`${slackInstallations.refreshFailures} + 1`,
          lastRefreshError: code,
          updatedAt: at,
        })
        .where(byKey(key))
        .returning({ failures: slackInstallations.refreshFailures });
      return row?.failures ?? 0;
    },
    async rememberEnterpriseTeam(teamId, enterpriseId, at) {
      await db
        .insert(slackEnterpriseTeams)
        .values({ teamId, enterpriseId, seenAt: at })
        .onConflictDoUpdate({ target: slackEnterpriseTeams.teamId, set: { enterpriseId, seenAt: at } });
    },
    async enterpriseOf(teamId) {
      const [row] = await db
        .select({ enterpriseId: slackEnterpriseTeams.enterpriseId })
        .from(slackEnterpriseTeams)
        .where(eq(slackEnterpriseTeams.teamId, teamId));
      return row?.enterpriseId;
    },
    async teamsOf(enterpriseId) {
      const rows = await db
        .select({ teamId: slackEnterpriseTeams.teamId })
        .from(slackEnterpriseTeams)
        .where(eq(slackEnterpriseTeams.enterpriseId, enterpriseId))
        .orderBy(slackEnterpriseTeams.teamId);
      return rows.map((row) => row.teamId);
    },
  };
}
