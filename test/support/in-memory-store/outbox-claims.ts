import type {
  Engagement,
  Organisation,
  OutboxEntry,
  Person,
  Space,
} from '../../../src/engagement/records.js';
import { personOf, spaceOf } from '../../../src/outbox/space-order.js';
import type { ClaimedDelivery, OutboxRepository } from '../../../src/ports/repositories.js';
import { type Access, byFields } from './access.js';
import type { View } from './store.js';

/**
 * An outbox row as the store keeps it: with its insertion order, the batch claim holding it and the send slot it
 * holds, which entries handed out do not carry.
 */
export type Sequenced = OutboxEntry & { seq: number; claimToken?: string | null; pacedAt?: Date | null };

/** Of `ids`, the entries still pending and still carrying the claim `token`. */
function stillClaimed(v: View, ids: readonly string[], token: string): string[] {
  return ids.filter((id) => {
    const current = v.get<Sequenced>('outbox', id);
    return current?.status === 'pending' && current.claimToken === token;
  });
}

/** No batch is trying the entry at `at`: never claimed, its outcome written, or its claim's lease run out. */
export const notUnderLiveClaim = (entry: Sequenced, at: Date) => !entry.claimToken || entry.availableAt <= at;
export const withoutSeq = ({
  seq: _seq,
  claimToken: _claimToken,
  pacedAt: _pacedAt,
  ...entry
}: Sequenced): OutboxEntry => entry;

/** The in-memory batch side of the outbox: the same rules as `db/repositories/outbox-claims.repository.ts`. */
export function outboxClaims(
  access: Access,
): Pick<OutboxRepository, 'claimDue' | 'confirmClaims' | 'heldClaims' | 'recordOutcomes'> {
  return {
    claimDue: (now, limit, leaseUntil, token) =>
      access.write((v) => {
        if (limit <= 0) return [];
        const pending = v.select<Sequenced>('outbox', (e) => e.status === 'pending');
        const waitsForEarlier = (entry: Sequenced) => {
          const space = spaceOf(entry);
          if (!space) return false;
          return pending.some((other) => {
            const otherSpace = spaceOf(other);
            return (
              other.engagementId === entry.engagementId &&
              other.attempts === 0 &&
              other.lastErrorCode === null &&
              other.seq < entry.seq &&
              other.availableAt <= now &&
              otherSpace?.space === space.space
            );
          });
        };
        const due = pending
          .filter((e) => e.availableAt <= now && !waitsForEarlier(e))
          .sort(byFields<Sequenced>('availableAt', 'seq'));
        const claimed = [...due.filter((e) => e.pacedAt), ...due.filter((e) => !e.pacedAt)]
          .slice(0, limit)
          .map((e) => ({
            row: {
              ...e,
              attempts: e.attempts + 1,
              availableAt: leaseUntil,
              claimToken: token,
              pacedAt: null,
              updatedAt: now,
            },
            reservedAt: e.pacedAt ?? undefined,
          }));
        for (const { row } of claimed) v.replace('outbox', row);
        return claimed
          .sort((a, b) => a.row.seq - b.row.seq)
          .map(({ row, reservedAt }) => ({ ...withContext(v, withoutSeq(row)), reservedAt }));
      }),
    confirmClaims: (ids, token, leaseUntil) =>
      access.write((v) => {
        const confirmed = stillClaimed(v, ids, token);
        for (const id of confirmed)
          v.replace('outbox', { ...v.get<Sequenced>('outbox', id), availableAt: leaseUntil });
        return confirmed;
      }),
    heldClaims: (ids, token) => access.read((v) => stillClaimed(v, ids, token)),
    recordOutcomes: (outcomes, token) =>
      access.write((v) => {
        let written = 0;
        for (const outcome of outcomes) {
          const current = v.get<Sequenced>('outbox', outcome.id);
          if (current?.status !== 'pending' || current.claimToken !== token) continue;
          const change =
            outcome.status === 'sent'
              ? {
                  status: 'sent' as const,
                  platformMessageId: outcome.platformMessageId,
                  sentAt: outcome.at,
                  lastErrorCode: null,
                }
              : {
                  status: outcome.status,
                  attempts: outcome.attempts,
                  availableAt: outcome.availableAt,
                  lastErrorCode: outcome.lastErrorCode,
                };
          const pacedAt = outcome.status === 'pending' ? (outcome.pacedAt ?? null) : null;
          v.replace('outbox', { ...current, ...change, claimToken: null, pacedAt, updatedAt: outcome.at });
          written += 1;
        }
        return written;
      }),
  };
}

function withContext(v: View, entry: OutboxEntry): Omit<ClaimedDelivery, 'reservedAt'> {
  const space = entry.spaceId ? v.get<Space>('spaces', entry.spaceId) : undefined;
  const engagement = space && v.get<Engagement>('engagements', space.engagementId);
  const personId = personOf(entry);
  const person = !engagement && personId ? v.get<Person>('people', personId) : undefined;
  const organisationId = engagement?.organisationId ?? person?.organisationId;
  const organisation = organisationId ? v.get<Organisation>('organisations', organisationId) : undefined;
  return {
    entry,
    space: engagement ? space : undefined,
    engagement,
    tenant: organisation ? { platform: organisation.platform, id: organisation.platformTenantId } : undefined,
  };
}
