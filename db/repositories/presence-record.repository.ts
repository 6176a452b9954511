import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, notInArray, or, sql } from 'drizzle-orm';
import { mergePresenceUpdates, type PresenceRecordRepository } from '../../src/ports/presence-records.js';
import type { TriadDatabase } from '../client.js';
import { engagements, organisations, people, presenceRecords } from '../schema/index.js';
import { isUuid } from './support.js';

const stored = presenceRecords;

/** `column = the new value` when the new part was seen no earlier than the stored one, else the stored value. */
const newerPart = (part: 'status' | 'dnd', column: string) => {
  const seen = `${part}_seen_at`;
  return sql.raw(
    `case when excluded.${seen} is not null and (presence_records.${seen} is null or excluded.${seen} >= presence_records.${seen}) then excluded.${column} else presence_records.${column} end`,
  );
};

export function presenceRecordRepository(db: TriadDatabase): PresenceRecordRepository {
  return {
    async listFor(people) {
      const organisationIds: string[] = [];
      const platformUserIds: string[] = [];
      for (const person of people) {
        if (!isUuid(person.organisationId)) continue;
        organisationIds.push(person.organisationId);
        platformUserIds.push(person.platformUserId);
      }
      if (organisationIds.length === 0) return [];
      // The pairs asked for as two array parameters, each an index probe (organisation, user): not a parameter
      // per person and a condition per organisation for drizzle to build and the server to plan, for every page
      // of a Monday's prompts.
      const asked = sql`select * from unnest(${sql.param(organisationIds)}::uuid[], ${sql.param(platformUserIds)}::text[])`;
      return db
        .select()
        .from(stored)
        .where(sql`(${stored.organisationId}, ${stored.platformUserId}) in (${asked})`);
    },
    async save(updates) {
      const rows = mergePresenceUpdates(updates).filter((row) => isUuid(row.organisationId));
      if (rows.length === 0) return;
      await db
        .insert(stored)
        .values(rows.map((row) => ({ id: randomUUID(), ...row })))
        .onConflictDoUpdate({
          target: [stored.organisationId, stored.platformUserId],
          set: {
            statusAway: newerPart('status', 'status_away'),
            statusExpiresAt: newerPart('status', 'status_expires_at'),
            statusSeenAt: newerPart('status', 'status_seen_at'),
            dndEnabled: newerPart('dnd', 'dnd_enabled'),
            dndStartAt: newerPart('dnd', 'dnd_start_at'),
            dndEndAt: newerPart('dnd', 'dnd_end_at'),
            dndSeenAt: newerPart('dnd', 'dnd_seen_at'),
          },
        });
    },
    async listClientsUnknown(platforms, afterId, limit) {
      if (platforms.length === 0 || (afterId !== undefined && !isUuid(afterId))) return [];
      return db
        .select({
          engagementId: engagements.id,
          platform: organisations.platform,
          organisationId: organisations.id,
          tenantId: organisations.platformTenantId,
          clientPlatformUserId: people.platformUserId,
        })
        .from(engagements)
        .innerJoin(organisations, eq(organisations.id, engagements.organisationId))
        .innerJoin(people, eq(people.id, engagements.clientId))
        .leftJoin(
          stored,
          and(
            eq(stored.organisationId, engagements.organisationId),
            eq(stored.platformUserId, people.platformUserId),
          ),
        )
        .where(
          and(
            notInArray(engagements.stage, ['closed', 'cancelled']),
            isNull(engagements.purgedAt),
            inArray(organisations.platform, [...platforms]),
            or(isNull(stored.id), isNull(stored.statusSeenAt), isNull(stored.dndSeenAt)),
            afterId === undefined ? undefined : gt(engagements.id, afterId),
          ),
        )
        .orderBy(asc(engagements.id))
        .limit(limit);
    },
    async deleteFor(organisationId, platformUserIds) {
      if (!isUuid(organisationId) || platformUserIds.length === 0) return 0;
      const rows = await db
        .delete(stored)
        .where(
          and(
            eq(stored.organisationId, organisationId),
            inArray(stored.platformUserId, [...platformUserIds]),
          ),
        )
        .returning({ id: stored.id });
      return rows.length;
    },
  };
}
