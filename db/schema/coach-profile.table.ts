import { integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations, people } from './organisation.table.js';

/**
 * A coach's profile, kept per organisation and coach: what a client sees when choosing a coach. Coach-authored
 * logistics (never private coaching content). `owner_id` names who keeps it — null while the organisation keeps
 * it itself; a coaching firm that shares one profile across organisations will own it (no firms table yet).
 */
export const coachProfiles = pgTable(
  'coach_profiles',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    ownerId: uuid('owner_id'),
    bio: text('bio').notNull(),
    focusAreas: jsonb('focus_areas').$type<string[]>().notNull(),
    languages: jsonb('languages').$type<string[]>().notNull(),
    /** IANA zone, or '' for the coach's own zone. */
    timeZone: text('time_zone').notNull(),
    credentials: text('credentials').notNull(),
    photoUrl: text('photo_url'),
    schedulingUrl: text('scheduling_url'),
    updatedById: uuid('updated_by_id')
      .notNull()
      .references(() => people.id),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('coach_profiles_organisation_person').on(t.organisationId, t.personId)],
);
