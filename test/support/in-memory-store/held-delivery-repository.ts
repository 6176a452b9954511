import type { Engagement, OutboxEntry, Person } from '../../../src/engagement/records.js';
import type { HeldDeliveryRepository } from '../../../src/ports/held-deliveries.js';
import type { Access } from './access.js';
import { notUnderLiveClaim, type Sequenced } from './outbox-claims.js';

export function heldDeliveryRepository(access: Access): HeldDeliveryRepository {
  return {
    release: (organisationId, codes, at) =>
      access.write((v) => {
        const organisationOf = (entry: OutboxEntry) => {
          if (entry.engagementId) return v.get<Engagement>('engagements', entry.engagementId)?.organisationId;
          const personId = (entry.destination as { personId?: unknown } | null)?.personId;
          return typeof personId === 'string' ? v.get<Person>('people', personId)?.organisationId : undefined;
        };
        const held = v.select<Sequenced>(
          'outbox',
          (entry) =>
            entry.status === 'pending' &&
            // Not under a live claim: that batch is trying it now.
            notUnderLiveClaim(entry, at) &&
            entry.lastErrorCode !== null &&
            codes.includes(entry.lastErrorCode) &&
            organisationOf(entry) === organisationId,
        );
        for (const entry of held) {
          const availableAt = entry.availableAt < at ? entry.availableAt : at;
          v.replace('outbox', { ...entry, availableAt, updatedAt: at });
        }
        return held.length;
      }),
  };
}
