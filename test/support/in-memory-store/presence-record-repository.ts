import { randomUUID } from 'node:crypto';
import { isUuid } from '../../../db/repositories/support.js';
import {
  mergePresenceUpdates,
  type PresenceRecord,
  type PresenceRecordRepository,
  type PresenceRow,
} from '../../../src/ports/presence-records.js';
import { type Access, uuidArg } from './access.js';

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
