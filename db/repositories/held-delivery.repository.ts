import { and, eq, inArray, sql } from 'drizzle-orm';
import type { HeldDeliveryRepository } from '../../src/ports/held-deliveries.js';
import type { TriadDatabase } from '../client.js';
import { outbox } from '../schema/index.js';
import { notUnderLiveClaim } from './outbox-claims.repository.js';
import { isUuid } from './support.js';

export function heldDeliveryRepository(db: TriadDatabase): HeldDeliveryRepository {
  return {
    async release(organisationId, codes, at) {
      if (!isUuid(organisationId) || codes.length === 0) return 0;
      // The entry's organisation: its engagement's, or (a direct message) the person's it goes to.
      const organisationOfEntry = sql`coalesce(
        (select e.organisation_id from engagements e where e.id = ${outbox.engagementId}),
        (select p.organisation_id from people p
          where p.id::text = ${outbox.destination}->>'personId'))`;
      const rows = await db
        .update(outbox)
        .set({
          availableAt: sql`least(${outbox.availableAt}, ${at.toISOString()}::timestamptz)`,
          updatedAt: at,
        })
        .where(
          and(
            eq(outbox.status, 'pending'),
            inArray(outbox.lastErrorCode, [...codes]),
            // Not under a live claim: that batch is trying it now.
            notUnderLiveClaim(at),
            sql`${organisationOfEntry} = ${organisationId}::uuid`,
          ),
        )
        .returning({ id: outbox.id });
      return rows.length;
    },
  };
}
