import { and, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { ProcessedRequestRepository } from '../../src/ports/repositories.js';
import type { TriadDatabase } from '../client.js';
import { processedRequests } from '../schema/index.js';

export function processedRequestRepository(db: TriadDatabase): ProcessedRequestRepository {
  return {
    async get(key) {
      const [row] = await db.select().from(processedRequests).where(eq(processedRequests.key, key));
      return row;
    },
    async insert(request) {
      const rows = await db
        .insert(processedRequests)
        .values(request)
        .onConflictDoNothing({ target: processedRequests.key })
        .returning({ key: processedRequests.key });
      return rows.length > 0;
    },
    /** One bounded statement (no ordering, so the scan stops at `limit` rows); callers repeat it for a backlog. */
    async deleteRecordedBefore(before, prefixes, limit) {
      if (prefixes.length === 0 || limit <= 0) return 0;
      const matching = or(...prefixes.map((prefix) => sql`starts_with(${processedRequests.key}, ${prefix})`));
      const batch = db
        .select({ key: processedRequests.key })
        .from(processedRequests)
        .where(and(lt(processedRequests.createdAt, before), matching))
        .limit(limit);
      const rows = await db
        .delete(processedRequests)
        .where(inArray(processedRequests.key, batch))
        .returning({ key: processedRequests.key });
      return rows.length;
    },
    async deleteMentioning(ids) {
      if (ids.length === 0) return 0;
      const patterns = ids.map((id) => `%${id.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const rows = await db
        .delete(processedRequests)
        .where(
          or(
            ...patterns.flatMap((pattern) => [
              sql`${processedRequests.key} like ${pattern}`,
              sql`${processedRequests.outcome}::text like ${pattern}`,
            ]),
          ),
        )
        .returning({ key: processedRequests.key });
      return rows.length;
    },
  };
}
