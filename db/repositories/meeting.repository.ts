import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { MeetingRepository } from '../../src/ports/repositories.js';
import type { TriadDatabase } from '../client.js';
import { meetings } from '../schema/index.js';
import { isUuid, requireCurrentVersion, withoutId } from './support.js';

/** Meetings created together list in lifecycle order. */
const lifecycleOrder = sql`case ${meetings.kind} when 'kickoff' then 0 when 'alignment' then 1 when 'midpoint' then 2 when 'closing' then 3 else 4 end`;

export function meetingRepository(db: TriadDatabase): MeetingRepository {
  return {
    async get(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.select().from(meetings).where(eq(meetings.id, id));
      return row;
    },
    async listByEngagement(engagementId) {
      if (!isUuid(engagementId)) return [];
      return db
        .select()
        .from(meetings)
        .where(eq(meetings.engagementId, engagementId))
        .orderBy(asc(meetings.createdAt), lifecycleOrder, asc(meetings.id));
    },
    listScheduledAfter: (after) =>
      db
        .select()
        .from(meetings)
        .where(and(eq(meetings.status, 'scheduled'), gt(meetings.startsAt, after)))
        .orderBy(asc(meetings.startsAt), asc(meetings.id)),
    async insert(meeting) {
      await db.insert(meetings).values(meeting);
    },
    async update(meeting) {
      const rows = await db
        .update(meetings)
        .set(withoutId(meeting))
        .where(and(eq(meetings.id, meeting.id), eq(meetings.version, meeting.version - 1)))
        .returning({ id: meetings.id });
      requireCurrentVersion(rows);
    },
  };
}
