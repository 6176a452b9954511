import { integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { invitationStates, type SentInvite } from '../../src/engagement/coach-invitation.js';
import { engagements } from './engagement.table.js';
import { organisations, people } from './organisation.table.js';

/** A coach invited by e-mail from outside the organisation (Slack Connect), one per engagement. */
export const coachInvitations = pgTable(
  'coach_invitations',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id),
    email: text('email').notNull(),
    state: text('state', { enum: invitationStates }).notNull().default('pending'),
    /** `{ space, addressKey, inviteId }` per invitation the platform sent. */
    invites: jsonb('invites').$type<SentInvite[]>().notNull(),
    platformUserId: text('platform_user_id'),
    personId: uuid('person_id').references(() => people.id),
    refusal: text('refusal'),
    createdById: uuid('created_by_id')
      .notNull()
      .references(() => people.id),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('coach_invitations_engagement').on(t.engagementId)],
);
