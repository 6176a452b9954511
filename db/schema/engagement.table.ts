import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { terminalStages } from '../../src/engagement/lifecycle.js';
import { cadences, engagementStages, platforms } from '../../src/engagement/records.js';
import { spaceKinds } from '../../src/messages/message.js';
import { organisations, people } from './organisation.table.js';

/** One coaching engagement: the triad, its stage and its prompt schedule. Rows are metadata only. */
export const engagements = pgTable(
  'engagements',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => people.id),
    sponsorId: uuid('sponsor_id')
      .notNull()
      .references(() => people.id),
    coachId: uuid('coach_id').references(() => people.id),
    coachShortlist: uuid('coach_shortlist').array().notNull(),
    startedById: uuid('started_by_id')
      .notNull()
      .references(() => people.id),
    stage: text('stage', { enum: engagementStages }).notNull(),
    pausedStage: text('paused_stage', { enum: engagementStages }),
    weeks: integer('weeks').notNull(),
    cadence: text('cadence', { enum: cadences }).notNull(),
    promptWeekday: integer('prompt_weekday').notNull(),
    promptTime: text('prompt_time').notNull(),
    timeZone: text('time_zone').notNull(),
    /** When nudges, snoozes and reminders may land (`09:00-18:00`, or `always`), copied from the organisation's
     * default when the engagement starts; null: the environment's working hours. */
    workingHours: text('working_hours'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    purgeAfter: timestamp('purge_after', { withTimezone: true }),
    purgedAt: timestamp('purged_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('engagements_one_active_per_client')
      .on(t.clientId)
      .where(sql`${t.stage} not in (${sql.raw(terminalStages.map((stage) => `'${stage}'`).join(', '))})`),
    index('engagements_organisation').on(t.organisationId),
    // The minute's prompt tick finds the engagements of the slots that fell due (see listPromptDue).
    index('engagements_prompt_slot')
      .on(t.timeZone, t.promptWeekday, t.promptTime)
      .where(sql`${t.stage} in ('coaching', 'closing') and ${t.purgedAt} is null`),
  ],
);

/** Where each space of an engagement lives on its platform (channel id, thread, conversation reference). */
export const spaces = pgTable(
  'spaces',
  {
    id: uuid('id').primaryKey(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id),
    kind: text('kind', { enum: spaceKinds }).notNull(),
    platform: text('platform', { enum: platforms }).notNull(),
    address: jsonb('address'),
    /** The coach a coaching space was opened for: with the client, its readers. */
    coachId: uuid('coach_id').references(() => people.id),
    /** A coaching space's coach wants the partnering self-check in their DM after each session (off by default). */
    coachSelfCheck: boolean('coach_self_check').notNull().default(false),
    /** Set when a coach change retired the space; the address stays as history. */
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('spaces_engagement_kind_live').on(t.engagementId, t.kind).where(sql`${t.retiredAt} is null`),
    // A request from a Slack Connect channel names the channel: its space says which organisation it is for.
    index('spaces_platform_address').on(t.platform, t.address).where(sql`${t.address} is not null`),
    // A Teams activity names its chat by id alone: the space whose address holds it (`findByAddressFields`).
    index('spaces_address_fields').using('gin', t.address.op('jsonb_path_ops')),
  ],
);

/** Requests already handled (Slack retries, double clicks, repeated commands) and the answer they got. */
export const processedRequests = pgTable('processed_requests', {
  key: text('key').primaryKey(),
  outcome: jsonb('outcome').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
