import { eq } from 'drizzle-orm';
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
  };
}
