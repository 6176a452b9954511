import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea } from './content.table.js';
import { engagements } from './engagement.table.js';

/**
 * Messages written in the same transaction as the change that causes them, drained by the delivery worker.
 * The payload is encrypted: a message to a private space carries private text.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey(),
    /** Insertion order, also within one transaction: a space's entries are delivered in this order. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    engagementId: uuid('engagement_id').references(() => engagements.id),
    /** Where it goes: { kind: 'space', engagementId, space, thread? } or { kind: 'person', personId }. */
    destination: jsonb('destination').notNull(),
    /** The space row a space message is bound to; never re-targeted to another row. No foreign key: history. */
    spaceId: uuid('space_id'),
    /** Person ids who read the destination when the entry was written. */
    readers: uuid('readers').array().notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    ciphertext: bytea('ciphertext').notNull(),
    keyId: text('key_id').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed', 'refused', 'cancelled'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastErrorCode: text('last_error_code'),
    availableAt: timestamp('available_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    platformMessageId: text('platform_message_id'),
    /**
     * The batch claim holding a pending entry (a random uuid per claim, `outbox.claimDue`): only that batch renews
     * the entry's lease or writes its outcome; a claim by another batch replaces it. Not part of an entry.
     */
    claimToken: uuid('claim_token'),
    /**
     * When a pending entry was given the send slot it waits for (`available_at`) by the pacer: claimed at it, it
     * is sent without being put in line again. Set by a batch putting it back, cleared by the claim.
     */
    pacedAt: timestamp('paced_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('outbox_idempotency_key').on(t.idempotencyKey),
    index('outbox_pending').on(t.status, t.availableAt),
    index('outbox_engagement').on(t.engagementId),
    // The claim's look for an earlier untried entry of the same space (the order of a space's messages).
    index('outbox_space_order')
      .on(t.engagementId, sql`(${t.destination}->>'space')`, t.seq)
      .where(
        sql`status = 'pending' and attempts = 0 and last_error_code is null and (destination->>'kind') = 'space'`,
      ),
    // The claim's two looks, each in its order: entries due at the send slot they hold, then the others.
    index('outbox_slotted').on(t.availableAt, t.seq).where(sql`status = 'pending' and paced_at is not null`),
    index('outbox_unslotted').on(t.availableAt, t.seq).where(sql`status = 'pending' and paced_at is null`),
  ],
);
