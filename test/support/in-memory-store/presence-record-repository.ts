import { randomUUID } from 'node:crypto';
import { isUuid } from '../../../db/repositories/support.js';
import type { Engagement, Organisation, Person } from '../../../src/engagement/records.js';
import {
  type ClientToLookUp,
  mergePresenceUpdates,
  type PresenceRecord,
  type PresenceRecordRepository,
  type PresenceRow,
} from '../../../src/ports/presence-records.js';
import { type Access, byFields, uuidArg } from './access.js';

/** The new part when it was seen no earlier than the stored one (as the SQL upsert decides). */
function newer(stored: PresenceRecord, row: PresenceRow): PresenceRecord {
  const next = { ...stored };
  if (row.statusSeenAt && (!stored.statusSeenAt || row.statusSeenAt >= stored.statusSeenAt)) {
    Object.assign(next, {
      statusAway: row.statusAway,
      statusExpiresAt: row.statusExpiresAt,
      statusSeenAt: row.statusSeenAt,
    });
  }
  if (row.dndSeenAt && (!stored.dndSeenAt || row.dndSeenAt >= stored.dndSeenAt)) {
    Object.assign(next, {
      dndEnabled: row.dndEnabled,
      dndStartAt: row.dndStartAt,
      dndEndAt: row.dndEndAt,
      dndSeenAt: row.dndSeenAt,
    });
  }
  return next;
}

export function presenceRecordRepository(access: Access): PresenceRecordRepository {
  return {
    listFor: (people) => {
      const wanted = new Set(
        people
          .filter((p) => isUuid(p.organisationId))
          .map((p) => `${uuidArg(p.organisationId)}\n${p.platformUserId}`),
      );
      return access.read((v) =>
        v.select<PresenceRecord>('presenceRecords', (r) =>
          wanted.has(`${r.organisationId}\n${r.platformUserId}`),
        ),
      );
    },
    save: (updates) => {
      const rows = mergePresenceUpdates(updates).filter((row) => isUuid(row.organisationId));
      return access.write((v) => {
        for (const row of rows) {
          const [found] = v.select<PresenceRecord>(
            'presenceRecords',
            (r) =>
              r.organisationId === uuidArg(row.organisationId) && r.platformUserId === row.platformUserId,
          );
          if (found) v.replace('presenceRecords', newer(found, row));
          else v.insert('presenceRecords', { id: randomUUID(), ...row });
        }
      });
    },
    listClientsUnknown: (platforms, afterId, limit) => {
      if (platforms.length === 0 || (afterId !== undefined && !isUuid(afterId))) return Promise.resolve([]);
      const after = afterId === undefined ? undefined : uuidArg(afterId);
      return access.read((v) => {
        const complete = new Set(
          v
            .select<PresenceRecord>('presenceRecords', (r) => r.statusSeenAt !== null && r.dndSeenAt !== null)
            .map((r) => `${r.organisationId}\n${r.platformUserId}`),
        );
        return v
          .select<Engagement>(
            'engagements',
            (e) =>
              e.stage !== 'closed' &&
              e.stage !== 'cancelled' &&
              e.purgedAt === null &&
              (after === undefined || e.id > after),
            byFields('id'),
          )
          .flatMap((e): ClientToLookUp[] => {
            const organisation = v.get<Organisation>('organisations', e.organisationId);
            const client = v.get<Person>('people', e.clientId);
            if (!organisation || !client || !platforms.includes(organisation.platform)) return [];
            if (complete.has(`${organisation.id}\n${client.platformUserId}`)) return [];
            return [
              {
                engagementId: e.id,
                platform: organisation.platform,
                organisationId: organisation.id,
                tenantId: organisation.platformTenantId,
                clientPlatformUserId: client.platformUserId,
              },
            ];
          })
          .slice(0, limit);
      });
    },
    deleteFor: (organisationId, platformUserIds) => {
      if (!isUuid(organisationId)) return Promise.resolve(0);
      const users = new Set(platformUserIds);
      return access.write((v) => {
        const doomed = v.select<PresenceRecord>(
          'presenceRecords',
          (r) => r.organisationId === uuidArg(organisationId) && users.has(r.platformUserId),
        );
        return v.delete(
          'presenceRecords',
          doomed.map((r) => r.id),
        );
      });
    },
  };
}
