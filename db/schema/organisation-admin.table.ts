import { pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations } from './organisation.table.js';

/**
 * Who has HR rights over an organisation, managed in the product: the person who installed Triad first, then
 * whoever an HR admin adds. Identity is (organisation, platform user). A removal deletes the row and writes an
 * `hr_admin_removed` audit entry with what the row said; an addition writes `hr_admin_added`.
 */
export const organisationAdmins = pgTable(
  'organisation_admins',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    platformUserId: text('platform_user_id').notNull(),
    /** The platform user who added them; null for the first admin (the installer). */
    addedByUserId: text('added_by_user_id'),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('organisation_admins_organisation_user').on(t.organisationId, t.platformUserId)],
);
