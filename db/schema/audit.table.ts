import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Who did what and what the outbound gate decided. Never content: ids, kinds and decisions only. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    engagementId: uuid('engagement_id'),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    outcome: text('outcome', { enum: ['done', 'allowed', 'refused'] }).notNull(),
    details: jsonb('details').notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('audit_log_engagement').on(t.engagementId, t.createdAt)],
);
