import { boolean, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations } from './organisation.table.js';

/**
 * What the platform last said of a client's presence (Slack: Do Not Disturb and whether the profile status
 * reads as away), kept from its events so a weekly prompt asks nothing. Ids, times and booleans only: the status
 * text is never stored. Deleted with the client's engagement by the retention purge.
 */
export const presenceRecords = pgTable(
  'presence_records',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    platformUserId: text('platform_user_id').notNull(),
    statusAway: boolean('status_away'),
    statusExpiresAt: timestamp('status_expires_at', { withTimezone: true }),
    statusSeenAt: timestamp('status_seen_at', { withTimezone: true }),
    dndEnabled: boolean('dnd_enabled'),
    dndStartAt: timestamp('dnd_start_at', { withTimezone: true }),
    dndEndAt: timestamp('dnd_end_at', { withTimezone: true }),
    dndSeenAt: timestamp('dnd_seen_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('presence_records_organisation_user').on(t.organisationId, t.platformUserId)],
);
