import { and, asc, eq, gt, inArray, isNull, lte, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { Engagement } from '../../src/engagement/records.js';
import type { DuePrompt, DueSlot, EngagementRepository } from '../../src/ports/repositories.js';
import { promptingStages } from '../../src/use-cases/reflections/reflection-access.js';
import type { TriadDatabase } from '../client.js';
import { engagements, organisations, people, reflectionPrompts as prompts } from '../schema/index.js';
import { engagementSnapshots } from './engagement-snapshots.js';
import { listEnteringHorizon } from './horizon-entries.js';
import { isUuid, requireCurrentVersion, withoutId } from './support.js';

const active = notInArray(engagements.stage, ['closed', 'cancelled']);

const prompting = inArray(engagements.stage, [...promptingStages]);

/** The due slots as a VALUES list (an engagement has one slot, so it joins one row at most). */
const dueValues = (slots: readonly DueSlot[]): SQL =>
  sql.join(
    slots.map(
      (s) =>
        sql`(${s.timeZone}::text, ${s.weekday}::int, ${s.time}::text, ${s.dueAt.toISOString()}::timestamptz, ${s.cycle}::text)`,
    ),
    sql`, `,
  );

const dueTable = (slots: readonly DueSlot[]): SQL =>
  sql`(values ${dueValues(slots)}) as d(time_zone, weekday, prompt_time, due_at, cycle)`;
const dueJoin = sql`${engagements.timeZone} = d.time_zone and ${engagements.promptWeekday} = d.weekday and ${engagements.promptTime} = d.prompt_time`;

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
    ...engagementSnapshots(db),
    listPromptSlots: () =>
      db
        .selectDistinct({
          timeZone: engagements.timeZone,
          weekday: engagements.promptWeekday,
          time: engagements.promptTime,
        })
        .from(engagements)
        .where(and(prompting, isNull(engagements.purgedAt))),
    async listPromptDue(slots, afterId, limit, upToId) {
      const badId = (id: string | undefined) => id !== undefined && !isUuid(id);
      if (slots.length === 0 || badId(afterId) || badId(upToId)) return [];
      const rows = await db
        .select({
          engagementId: engagements.id,
          dueAt: sql<string>`d.due_at`,
          cycle: sql<string>`d.cycle`,
          promptId: prompts.id,
          cadence: engagements.cadence,
          startedAt: engagements.startedAt,
          timeZone: engagements.timeZone,
          platform: organisations.platform,
          organisationId: organisations.id,
          tenantId: organisations.platformTenantId,
          clientPlatformUserId: people.platformUserId,
        })
        .from(dueTable(slots))
        .innerJoin(engagements, dueJoin)
        .innerJoin(organisations, eq(organisations.id, engagements.organisationId))
        .innerJoin(people, eq(people.id, engagements.clientId))
        .leftJoin(prompts, sql`${prompts.engagementId} = ${engagements.id} and ${prompts.cycle} = d.cycle`)
        .where(
          and(
            prompting,
            isNull(engagements.purgedAt),
            afterId === undefined ? undefined : gt(engagements.id, afterId),
            upToId === undefined ? undefined : lte(engagements.id, upToId),
          ),
        )
        .orderBy(asc(engagements.id))
        .limit(limit);
      return rows.map((row): DuePrompt => ({ ...row, dueAt: new Date(row.dueAt) }));
    },
    async listPromptDueBounds(slots, every) {
      if (slots.length === 0 || !Number.isInteger(every) || every < 1) return [];
      const numbered = db
        .select({
          id: engagements.id,
          position: sql<number>`row_number() over (order by ${engagements.id})`.as('position'),
          total: sql<number>`count(*) over ()`.as('total'),
        })
        .from(dueTable(slots))
        .innerJoin(engagements, dueJoin)
        .where(and(prompting, isNull(engagements.purgedAt)))
        .as('numbered');
      const rows = await db
        .select({ id: numbered.id })
        .from(numbered)
        .where(sql`${numbered.position} % ${every} = 0 and ${numbered.position} < ${numbered.total}`)
        .orderBy(asc(numbered.id));
      return rows.map((row) => row.id);
    },
    listEnteringHorizon: (window, afterId, limit) => listEnteringHorizon(db, window, afterId, limit),
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
