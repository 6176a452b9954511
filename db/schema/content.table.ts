import { customType, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { privateEntryKinds } from '../../src/engagement/records.js';
import { engagements } from './engagement.table.js';
import { people } from './organisation.table.js';

/** Ciphertext: authenticated encryption output, never plain text. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  fromDriver: (value) => Buffer.from(value),
});

/**
 * Everything the client or coach writes privately: reflection answers, goal drafts with success measures,
 * meeting preparation notes, assessment reports and the insights drawn from them, coaches' notes after a session.
 * Always encrypted; `keyId` names the key for rotation.
 */
export const privateEntries = pgTable(
  'private_entries',
  {
    id: uuid('id').primaryKey(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => people.id),
    kind: text('kind', { enum: privateEntryKinds }).notNull(),
    /** The prompt an answer belongs to, or the meeting a preparation or a coach's note is for. */
    subjectId: uuid('subject_id'),
    ciphertext: bytea('ciphertext').notNull(),
    keyId: text('key_id').notNull(),
    /** Person ids who may read the entry, fixed when written or shared (the client; the client and that coach). */
    readers: uuid('readers').array().notNull(),
    sharedWithCoachAt: timestamp('shared_with_coach_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('private_entries_subject').on(t.engagementId, t.kind, t.subjectId)],
);

/** The client's recorded, previewed consent: to release an exact text, or to share activity figures. */
export const consents = pgTable(
  'consents',
  {
    id: uuid('id').primaryKey(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => people.id),
    kind: text('kind', { enum: ['release', 'activity_sharing'] }).notNull(),
    /** Keyed hash (HMAC-SHA-256, `<keyId>:<hex>`) of the exact text consented to (release only). */
    textHash: text('text_hash'),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [index('consents_engagement').on(t.engagementId)],
);

/** A snapshot of private text the client previewed and released to the sponsor thread. */
export const releases = pgTable(
  'releases',
  {
    id: uuid('id').primaryKey(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id),
    /** The entry this is a snapshot of. No foreign key: the release outlives the entry's deletion at retention. */
    entryId: uuid('entry_id').notNull(),
    entryVersion: integer('entry_version').notNull(),
    status: text('status', { enum: ['previewed', 'released', 'withdrawn', 'superseded'] }).notNull(),
    ciphertext: bytea('ciphertext').notNull(),
    keyId: text('key_id').notNull(),
    /** The consent's keyed hash (HMAC-SHA-256, `<keyId>:<hex>`) once released; null for a mere preview. */
    textHash: text('text_hash'),
    consentId: uuid('consent_id').references(() => consents.id),
    previewedAt: timestamp('previewed_at', { withTimezone: true }).notNull(),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [index('releases_engagement').on(t.engagementId)],
);
