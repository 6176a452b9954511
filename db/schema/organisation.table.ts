import { boolean, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { platforms } from '../../src/engagement/records.js';

/** A Slack workspace or a Teams tenant that runs engagements, with its policies. */
export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey(),
    platform: text('platform', { enum: platforms }).notNull(),
    platformTenantId: text('platform_tenant_id').notNull(),
    name: text('name').notNull(),
    /** What sponsor and HR may learn about coaching sessions: nothing, or "active, N sessions held". */
    sessionVisibility: text('session_visibility', { enum: ['none', 'count_held'] })
      .notNull()
      .default('none'),
    retentionDays: integer('retention_days').notNull().default(30),
    /** ISO weekday (1 Monday … 7 Sunday) of HR's weekly digest DM, chosen on HR's home tab. */
    hrDigestWeekday: integer('hr_digest_weekday').notNull().default(1),
    /** Whether clients may book intro ("chemistry") calls with shortlisted coaches; from CHEMISTRY_CALLS when made. */
    chemistryCalls: boolean('chemistry_calls').notNull().default(true),
    /**
     * HR's defaults for new engagements (cadence, prompt day and time, length, zone, working hours), each kept as
     * the text its setting's schema reads (`src/engagement/organisation-settings.ts`); a missing one is the
     * environment's default.
     */
    defaults: jsonb('defaults').$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('organisations_platform_tenant').on(t.platform, t.platformTenantId)],
);

/** Anyone Triad talks to, with their platform identity, time zone and the address of their DM with the bot. */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    platformUserId: text('platform_user_id').notNull(),
    /** The team or tenant the account belongs to (another organisation's for a Slack Connect user or guest). */
    homeTeamId: text('home_team_id'),
    displayName: text('display_name').notNull(),
    timeZone: text('time_zone').notNull(),
    /** Platform address of the person's 1:1 conversation with the bot (Slack IM id, Teams conversation reference). */
    directAddress: jsonb('direct_address'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('people_platform_user').on(t.organisationId, t.platformUserId)],
);
