import type { TestDatabase } from '../../support/test-database.js';

/** Everything stored for one organisation's engagements, to compare before and after the other's requests. */
export async function snapshotOf(database: TestDatabase, team: string): Promise<string> {
  const sql = database.sql;
  const ofTeam = sql`(select e.id from engagements e join organisations o on o.id = e.organisation_id
    where o.platform_tenant_id = ${team})`;
  return JSON.stringify([
    await sql`select * from engagements where id in ${ofTeam} order by id`,
    await sql`select * from private_entries where engagement_id in ${ofTeam} order by id`,
    await sql`select * from releases where engagement_id in ${ofTeam} order by id`,
    await sql`select * from meetings where engagement_id in ${ofTeam} order by id`,
    await sql`select * from reflection_prompts where engagement_id in ${ofTeam} order by id`,
    await sql`select * from spaces where engagement_id in ${ofTeam} order by id`,
    await sql`select id, status, attempts from outbox where engagement_id in ${ofTeam} order by seq`,
    await sql`select a.* from organisation_admins a join organisations o on o.id = a.organisation_id
      where o.platform_tenant_id = ${team} order by a.platform_user_id`,
  ]);
}
