import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { meetingKinds, promptCategories } from '../../src/engagement/records.js';
import { engagements } from './engagement.table.js';
import { people } from './organisation.table.js';

/** Kickoff, alignment, mid-point and closing meetings, coaching sessions and chemistry (intro) calls. Times in UTC plus the organiser's zone. */
export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id),
    kind: text('kind', { enum: meetingKinds }).notNull(),
    status: text('status', { enum: ['unscheduled', 'scheduled', 'held', 'cancelled'] }).notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }),
    durationMinutes: integer('duration_minutes').notNull(),
    organiserId: uuid('organiser_id').references(() => people.id),
    organiserZone: text('organiser_zone'),
    /** The sponsor-space thread of an alignment meeting, once its first message is posted. */
    threadAddress: jsonb('thread_address'),
    /** The video-call link whoever schedules the meeting typed (https only); shown to its participants. */
    videoUrl: text('video_url'),
    /** The shortlisted coach a chemistry (intro) call is with; null for every other kind. */
    coachId: uuid('coach_id').references(() => people.id),
    heldAt: timestamp('held_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('meetings_engagement').on(t.engagementId),
    index('meetings_scheduled').on(t.status, t.startsAt),
    // The horizon tick's closing-week rule looks at scheduled closing meetings only (see listEnteringHorizon).
    index('meetings_closing_scheduled')
      .on(t.startsAt)
      .where(sql`${t.status} = 'scheduled' and ${t.kind} = 'closing'`),
  ],
);

/** A reflection prompt sent to the client. Its existence and status are private activity metadata. */
export const reflectionPrompts = pgTable(
  'reflection_prompts',
  {
    id: uuid('id').primaryKey(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id),
    questionId: text('question_id').notNull(),
    category: text('category', { enum: promptCategories }).notNull(),
    /** The prompt cycle, e.g. 2026-W47: one prompt per engagement per cycle. */
    cycle: text('cycle').notNull(),
    status: text('status', { enum: ['sent', 'answered', 'skipped', 'snoozed', 'expired'] }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    snoozedUntil: timestamp('snoozed_until', { withTimezone: true }),
    nudgeDueAt: timestamp('nudge_due_at', { withTimezone: true }),
    nudgedAt: timestamp('nudged_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('reflection_prompts_cycle').on(t.engagementId, t.cycle),
    // The horizon tick's pending prompts: a nudge still due, a snooze ending (see listEnteringHorizon).
    index('reflection_prompts_nudge_due')
      .on(t.nudgeDueAt)
      .where(sql`${t.status} = 'sent' and ${t.nudgedAt} is null`),
    index('reflection_prompts_snoozed_until').on(t.snoozedUntil).where(sql`${t.status} = 'snoozed'`),
  ],
);
