import { boolean, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { platforms } from '../../src/engagement/records.js';

/**
 * The Triad operator's allow-list of tenants beyond the configured ones (`npm run tenants`): one row per tenant,
 * its latest decision. Every decision is also in `audit_log`.
 */
export const tenantAccess = pgTable(
  'tenant_access',
  {
    id: uuid('id').primaryKey(),
    platform: text('platform', { enum: platforms }).notNull(),
    tenantId: text('tenant_id').notNull(),
    allowed: boolean('allowed').notNull(),
    decidedBy: text('decided_by').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('tenant_access_platform_tenant').on(t.platform, t.tenantId)],
);
