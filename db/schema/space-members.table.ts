import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { spaces } from './engagement.table.js';

/** Who the platform says is in a space (platform user ids, the bot left out): a cache, refreshed by events. */
export const spaceMembers = pgTable(
  'space_members',
  {
    spaceId: uuid('space_id')
      .primaryKey()
      .references(() => spaces.id),
    engagementId: uuid('engagement_id').notNull(),
    addressKey: text('address_key').notNull(),
    platformUserIds: jsonb('platform_user_ids').$type<string[]>().notNull(),
    reportedStrangers: jsonb('reported_strangers').$type<string[]>().notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('space_members_address_key').on(t.addressKey)],
);
