import { and, asc, eq, gt, inArray, isNull, lte, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { Engagement } from '../../src/engagement/records.js';
import type { EngagementRepository, PlanningSnapshot } from '../../src/ports/repositories.js';
import type { TriadDatabase } from '../client.js';
import { engagements, meetings, reflectionPrompts as prompts } from '../schema/index.js';
import { isUuid, requireCurrentVersion, withoutId } from './support.js';

const active = notInArray(engagements.stage, ['closed', 'cancelled']);

/** As `meetings.listByEngagement` orders them: meetings created together in lifecycle order. */
const meetingLifecycleOrder = sql`case ${meetings.kind} when 'kickoff' then 0 when 'alignment' then 1 when 'midpoint' then 2 when 'closing' then 3 else 4 end`;

/** Rows grouped by engagement id, keeping their order. */
function byEngagement<T extends { engagementId: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.engagementId);
    if (group) group.push(row);
    else groups.set(row.engagementId, [row]);
  }
  return groups;
}

export function engagementRepository(db: TriadDatabase): EngagementRepository {
  const list = (where: SQL | undefined): Promise<Engagement[]> =>
    db.select().from(engagements).where(where).orderBy(asc(engagements.startedAt), asc(engagements.id));
  return {
    async get(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.select().from(engagements).where(eq(engagements.id, id));
      return row;
    },
    async getForUpdate(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.select().from(engagements).where(eq(engagements.id, id)).for('update');
      return row;
    },
    async findActiveByClient(clientId) {
      if (!isUuid(clientId)) return undefined;
      const [row] = await db
        .select()
        .from(engagements)
        .where(and(eq(engagements.clientId, clientId), active));
      return row;
    },
    async listByOrganisation(organisationId) {
      return isUuid(organisationId) ? list(eq(engagements.organisationId, organisationId)) : [];
    },
    /** As client, sponsor or (chosen) coach. */
    async listForPerson(personId) {
      if (!isUuid(personId)) return [];
      return list(
        or(
          eq(engagements.clientId, personId),
          eq(engagements.sponsorId, personId),
          eq(engagements.coachId, personId),
        ),
      );
    },
    listActive: () => list(active),
    async listActiveIds(afterId, limit) {
      if (afterId !== undefined && !isUuid(afterId)) return [];
      const rows = await db
        .select({ id: engagements.id })
        .from(engagements)
        .where(afterId === undefined ? active : and(active, gt(engagements.id, afterId)))
        .orderBy(asc(engagements.id))
        .limit(limit);
      return rows.map((row) => row.id);
    },
    async loadForPlanning(ids) {
      const wanted = ids.filter(isUuid);
      if (wanted.length === 0) return [];
      const [found, meetingRows, promptRows] = await Promise.all([
        db.select().from(engagements).where(inArray(engagements.id, wanted)).orderBy(asc(engagements.id)),
        db
          .select()
          .from(meetings)
          .where(inArray(meetings.engagementId, wanted))
          .orderBy(
            asc(meetings.engagementId),
            asc(meetings.createdAt),
            meetingLifecycleOrder,
            asc(meetings.id),
          ),
        db
          .select()
          .from(prompts)
          .where(inArray(prompts.engagementId, wanted))
          .orderBy(asc(prompts.engagementId), asc(prompts.sentAt), asc(prompts.id)),
      ]);
      const meetingsOf = byEngagement(meetingRows);
      const promptsOf = byEngagement(promptRows);
      return found.map(
        (engagement): PlanningSnapshot => ({
          engagement,
          meetings: meetingsOf.get(engagement.id) ?? [],
          prompts: promptsOf.get(engagement.id) ?? [],
        }),
      );
    },
    listPurgeDue: (now) =>
      db
        .select()
        .from(engagements)
        .where(and(lte(engagements.purgeAfter, now), isNull(engagements.purgedAt)))
        .orderBy(asc(engagements.purgeAfter), asc(engagements.id)),
    async insert(engagement) {
      await db.insert(engagements).values(engagement);
    },
    async update(engagement) {
      const rows = await db
        .update(engagements)
        .set(withoutId(engagement))
        .where(and(eq(engagements.id, engagement.id), eq(engagements.version, engagement.version - 1)))
        .returning({ id: engagements.id });
      requireCurrentVersion(rows);
    },
  };
}
