import type {
  AuditEntry,
  Consent,
  PrivateEntry,
  ProcessedRequest,
  ReflectionPrompt,
  Release,
} from '../../../src/engagement/records.js';
import { spaceOf } from '../../../src/outbox/space-order.js';
import type {
  AuditRepository,
  ConsentRepository,
  OutboxRepository,
  PrivateEntryRepository,
  ProcessedRequestRepository,
  ReflectionPromptRepository,
  ReleaseRepository,
} from '../../../src/ports/repositories.js';
import { type Access, byFields, uuidArg, uuidArgOrNull } from './access.js';
import { notUnderLiveClaim, outboxClaims, type Sequenced, withoutSeq } from './outbox-claims.js';
import { replaceExisting, updateVersioned } from './people-repositories.js';
import type { View } from './store.js';

type Keyed = { id: string; engagementId: string | null };

const ofEngagement = <T extends Keyed>(engagementId: string) => {
  const id = uuidArg(engagementId);
  return (row: T) => row.engagementId === id;
};

function deleteOfEngagement(
  view: View,
  table: 'prompts' | 'entries' | 'releases' | 'consents' | 'outbox',
  engagementId: string,
): number {
  const ids = view.select<Keyed>(table, ofEngagement(engagementId)).map((row) => row.id);
  return view.delete(table, ids);
}

export function promptRepository(access: Access): ReflectionPromptRepository {
  const findByCycle = (v: View, engagementId: string, cycle: string) =>
    v.select<ReflectionPrompt>(
      'prompts',
      (p) => p.engagementId === uuidArg(engagementId) && p.cycle === cycle,
    )[0];
  return {
    get: (id) => access.read((v) => v.get<ReflectionPrompt>('prompts', id)),
    findByCycle: (engagementId, cycle) => access.read((v) => findByCycle(v, engagementId, cycle)),
    listByEngagement: (engagementId) =>
      access.read((v) =>
        v.select<ReflectionPrompt>('prompts', ofEngagement(engagementId), byFields('sentAt', 'id')),
      ),
    listOpen: () =>
      access.read((v) =>
        v.select<ReflectionPrompt>(
          'prompts',
          (p) =>
            (p.status === 'snoozed' && p.snoozedUntil !== null) ||
            (p.status === 'sent' && p.nudgeDueAt !== null && p.nudgedAt === null),
          byFields('sentAt', 'id'),
        ),
      ),
    insert: (prompt) =>
      access.write((v) => {
        if (findByCycle(v, prompt.engagementId, prompt.cycle)) return false;
        v.insert('prompts', prompt);
        return true;
      }),
    insertMany: (prompts) =>
      access.write((v) =>
        prompts.flatMap((prompt) => {
          if (findByCycle(v, prompt.engagementId, prompt.cycle)) return [];
          v.insert('prompts', prompt);
          return [prompt.id];
        }),
      ),
    update: (prompt) => access.write((v) => replaceExisting(v, 'prompts', prompt)),
    expire: (ids) =>
      access.write((v) => {
        for (const id of ids) {
          const prompt = v.get<ReflectionPrompt>('prompts', id);
          if (prompt) v.replace('prompts', { ...prompt, status: 'expired', snoozedUntil: null });
        }
      }),
    deleteByEngagement: (engagementId) => access.write((v) => deleteOfEngagement(v, 'prompts', engagementId)),
  };
}

export function privateEntryRepository(access: Access): PrivateEntryRepository {
  return {
    get: (id) => access.read((v) => v.get<PrivateEntry>('entries', id)),
    findBySubject: (engagementId, kind, subjectId) =>
      access.read(
        (v) =>
          v.select<PrivateEntry>(
            'entries',
            (e) =>
              e.engagementId === uuidArg(engagementId) &&
              e.kind === kind &&
              e.subjectId !== null &&
              e.subjectId === uuidArgOrNull(subjectId),
            byFields('createdAt', 'id'),
          )[0],
      ),
    listByEngagement: (engagementId, kind) =>
      access.read((v) =>
        v.select<PrivateEntry>(
          'entries',
          (e) => e.engagementId === uuidArg(engagementId) && (kind === undefined || e.kind === kind),
          byFields('createdAt', 'id'),
        ),
      ),
    listByAuthor: (authorId, kind) =>
      access.read((v) =>
        v.select<PrivateEntry>(
          'entries',
          (e) => e.authorId === uuidArg(authorId) && e.kind === kind,
          byFields('createdAt', 'id'),
        ),
      ),
    insert: (entry) => access.write((v) => void v.insert('entries', entry)),
    update: (entry) => access.write((v) => updateVersioned(v, 'entries', entry)),
    deleteByEngagement: (engagementId) => access.write((v) => deleteOfEngagement(v, 'entries', engagementId)),
  };
}

export function consentRepository(access: Access): ConsentRepository {
  return {
    get: (id) => access.read((v) => v.get<Consent>('consents', id)),
    listByEngagement: (engagementId) =>
      access.read((v) =>
        v.select<Consent>('consents', ofEngagement(engagementId), byFields('grantedAt', 'id')),
      ),
    insert: (consent) => access.write((v) => void v.insert('consents', consent)),
    update: (consent) => access.write((v) => replaceExisting(v, 'consents', consent)),
    deleteByEngagement: (engagementId) =>
      access.write((v) => deleteOfEngagement(v, 'consents', engagementId)),
  };
}

export function releaseRepository(access: Access): ReleaseRepository {
  return {
    get: (id) => access.read((v) => v.get<Release>('releases', id)),
    listByEngagement: (engagementId) =>
      access.read((v) =>
        v.select<Release>('releases', ofEngagement(engagementId), byFields('previewedAt', 'id')),
      ),
    insert: (release) => access.write((v) => void v.insert('releases', release)),
    update: (release) => access.write((v) => replaceExisting(v, 'releases', release)),
    deleteByEngagement: (engagementId) =>
      access.write((v) => deleteOfEngagement(v, 'releases', engagementId)),
  };
}

export function outboxRepository(access: Access): OutboxRepository {
  const byKey = (v: View, key: string) =>
    v.select<Sequenced>('outbox', (entry) => entry.idempotencyKey === key)[0];
  const stored = (v: View, id: string) => v.get<Sequenced>('outbox', id);
  return {
    ...outboxClaims(access),
    get: (id) =>
      access.read((v) => {
        const row = stored(v, id);
        return row && withoutSeq(row);
      }),
    insert: (entry) =>
      access.write((v) =>
        withoutSeq(
          byKey(v, entry.idempotencyKey) ??
            (v.insert('outbox', { ...entry, seq: v.store.nextSerial() }) as unknown as Sequenced),
        ),
      ),
    insertMany: (entries) =>
      access.write((v) =>
        entries.flatMap((entry) => {
          if (byKey(v, entry.idempotencyKey)) return [];
          v.insert('outbox', { ...entry, seq: v.store.nextSerial() });
          return [entry.id];
        }),
      ),
    update: (entry) =>
      access.write((v) => {
        const current = stored(v, entry.id);
        replaceExisting(v, 'outbox', {
          ...entry,
          seq: current?.seq ?? null,
          claimToken: current?.claimToken ?? null,
          pacedAt: current?.pacedAt ?? null,
        });
      }),
    startAttempt: (id, at) =>
      access.write((v) => {
        const current = stored(v, id);
        if (current?.status !== 'pending') return undefined;
        const next = { ...current, attempts: current.attempts + 1, updatedAt: at };
        v.replace('outbox', next);
        return withoutSeq(next);
      }),
    cancelUntried: (id, code, at) =>
      access.write((v) => {
        const current = stored(v, id);
        if (current?.status !== 'pending' || current.attempts !== 0) return false;
        v.replace('outbox', { ...current, status: 'cancelled', lastErrorCode: code, updatedAt: at });
        return true;
      }),
    releaseHeld: (ids, at) =>
      access.write((v) => {
        const released: string[] = [];
        for (const id of ids) {
          const current = stored(v, id);
          if (current?.status !== 'pending' || !notUnderLiveClaim(current, at)) continue;
          v.replace('outbox', { ...current, availableAt: at, lastErrorCode: null, updatedAt: at });
          released.push(current.id);
        }
        return released;
      }),
    markSent: (id, platformMessageId, at) =>
      access.write((v) => {
        const current = stored(v, id);
        if (!current) return false;
        const sent = { status: 'sent' as const, platformMessageId, sentAt: at, lastErrorCode: null };
        return v.replace('outbox', { ...current, ...sent, updatedAt: at });
      }),
    listDue: (now, limit) =>
      access.read((v) =>
        v
          .select<Sequenced>(
            'outbox',
            (e) => e.status === 'pending' && e.availableAt <= now,
            byFields('availableAt', 'seq'),
          )
          .slice(0, limit)
          .map(withoutSeq),
      ),
    hasEarlierUntried: (entry, now) =>
      access.read((v) => {
        const space = spaceOf(entry);
        const before = stored(v, entry.id)?.seq;
        if (!space || before === undefined) return false;
        return (
          v.select<Sequenced>('outbox', (e) => {
            const other = spaceOf(e);
            return (
              e.engagementId === space.engagementId &&
              e.status === 'pending' &&
              e.attempts === 0 &&
              e.lastErrorCode === null &&
              e.seq < before &&
              e.availableAt <= now &&
              other?.space === space.space
            );
          }).length > 0
        );
      }),
    listByEngagement: (engagementId) =>
      access.read((v) =>
        v
          .select<Sequenced>('outbox', ofEngagement(engagementId), byFields('createdAt', 'seq'))
          .map(withoutSeq),
      ),
    listFailed: (limit) =>
      access.read((v) =>
        v
          .select<Sequenced>('outbox', (e) => e.status === 'failed', byFields('updatedAt', 'id'))
          .slice(0, limit)
          .map(withoutSeq),
      ),
    deleteByEngagement: (engagementId) => access.write((v) => deleteOfEngagement(v, 'outbox', engagementId)),
  };
}

export function auditRepository(access: Access): AuditRepository {
  return {
    insert: (entry) => access.write((v) => void v.insert('audit', entry)),
    insertMany: (entries) =>
      access.write((v) => {
        for (const entry of entries) v.insert('audit', entry);
      }),
    listByEngagement: (engagementId) =>
      access.read((v) =>
        v.select<AuditEntry>(
          'audit',
          (a) => a.engagementId === uuidArg(engagementId),
          byFields<AuditEntry>('createdAt', 'id'),
        ),
      ),
    deleteByEngagement: (engagementId, keep) =>
      access.write((v) => {
        const doomed = v.select<AuditEntry & { id: number }>(
          'audit',
          (a) => a.engagementId === uuidArg(engagementId) && !keep.includes(a.action),
        );
        return v.delete(
          'audit',
          doomed.map((a) => String(a.id)),
        );
      }),
  };
}

export function processedRequestRepository(access: Access): ProcessedRequestRepository {
  return {
    get: (key) => access.read((v) => v.get<ProcessedRequest>('processed', key)),
    insert: (request) =>
      access.write((v) => {
        if (v.has('processed', request.key)) return false;
        v.insert('processed', request);
        return true;
      }),
    deleteRecordedBefore: (before, prefixes, limit) =>
      access.write((v) => {
        if (prefixes.length === 0 || limit <= 0) return 0;
        const doomed = v
          .select<ProcessedRequest>(
            'processed',
            (r) => r.createdAt < before && prefixes.some((prefix) => r.key.startsWith(prefix)),
          )
          .slice(0, limit)
          .map((r) => r.key);
        return v.delete('processed', doomed);
      }),
    deleteMentioning: (ids) =>
      access.write((v) => {
        if (ids.length === 0) return 0;
        const mentions = (r: ProcessedRequest) => {
          const text = `${r.key}\n${JSON.stringify(r.outcome)}`;
          return ids.some((id) => text.includes(id));
        };
        return v.delete(
          'processed',
          v.select<ProcessedRequest>('processed', mentions).map((r) => r.key),
        );
      }),
  };
}
