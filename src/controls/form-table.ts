import { z } from 'zod';
import { expectationsFieldId } from '../messages/compose/sponsor-thread.js';
import { recordAssessment } from '../use-cases/assessments/record-assessment.js';
import { writeInsight } from '../use-cases/assessments/write-insight.js';
import { saveCoachProfile } from '../use-cases/coach-profiles/save-coach-profile.js';
import { draftGoal } from '../use-cases/goals/draft-goal.js';
import { editGoal } from '../use-cases/goals/edit-goal.js';
import { setMeetingLink } from '../use-cases/meetings/meeting-link.js';
import { savePreparation } from '../use-cases/preparation/save-preparation.js';
import { answerPrompt } from '../use-cases/reflections/answer-prompt.js';
import { setPromptRhythm } from '../use-cases/reflections/prompt-rhythm.js';
import { saveCoachNote } from '../use-cases/sessions/coach-notes.js';
import { scheduleSession } from '../use-cases/sessions/schedule-session.js';
import { changeSettings } from '../use-cases/settings/change-settings.js';
import { postSponsorExpectations } from '../use-cases/sponsor/post-sponsor-expectations.js';
import { form } from './control.js';
import { coachId, engagementId, linkId, text } from './control-values.js';

const goalFields = z.object({ goal: text, successMeasure: text });

/** A session's length in whole minutes; left empty, the use case's default. */
const minutes = z
  .string()
  .default('')
  .refine((value) => /^\d{0,3}$/.test(value.trim()), {
    message: 'A session lasts between 15 and 180 minutes.',
  })
  .transform((value) => (value.trim() === '' ? undefined : Number(value)));

/**
 * Every form Triad can open → the ids it must carry back (context), its fields, and the one use case its
 * submission runs, the same on every platform. A composer can only give a form an id of this table (`FormId`).
 */
export const formTable = {
  'reflection.answer': form({
    context: z.object({ promptId: linkId }),
    fields: z.object({ answer: text }),
    run: ({ actor, context, fields, requestKey }, deps) =>
      answerPrompt({ actor, promptId: context.promptId, text: fields.answer, requestKey }, deps),
  }),
  /** The weekday (1–5) and local time (HH:mm) of the client's reflection question; the use case checks both. */
  'reflection.rhythm.save': form({
    context: z.object({ promptId: linkId }),
    fields: z.object({ weekday: text, time: text }),
    run: ({ actor, context, fields }, deps) =>
      setPromptRhythm({ actor, promptId: context.promptId, ...fields }, deps),
  }),
  'goal.draft': form({
    context: z.object({ engagementId: linkId.optional() }),
    fields: goalFields,
    run: ({ actor, context, fields, requestKey }, deps) =>
      draftGoal(
        {
          actor,
          ...(context.engagementId ? { engagementId: context.engagementId } : {}),
          goal: fields.goal,
          successMeasure: fields.successMeasure,
          requestKey,
        },
        deps,
      ),
  }),
  'goal.edit': form({
    context: z.object({ entryId: linkId }),
    fields: goalFields,
    run: ({ actor, context, fields, requestKey }, deps) =>
      editGoal(
        {
          actor,
          entryId: context.entryId,
          goal: fields.goal,
          successMeasure: fields.successMeasure,
          requestKey,
        },
        deps,
      ),
  }),
  'meeting.prepare.save': form({
    context: z.object({ meetingId: linkId }),
    fields: z.object({ notes: text }),
    run: ({ actor, context, fields }, deps) =>
      savePreparation({ actor, meetingId: context.meetingId, notes: fields.notes }, deps),
  }),
  /** A meeting's or session's video-call link; the use case refuses anything but an https URL. */
  'meeting.link.save': form({
    context: z.object({ meetingId: linkId }),
    fields: z.object({ url: text }),
    run: ({ actor, context, fields }, deps) =>
      setMeetingLink({ actor, meetingId: context.meetingId, url: fields.url }, deps),
  }),
  /** The coach's private notes on a held session (readers: that coach alone). */
  'session.notes.save': form({
    context: z.object({ meetingId: linkId }),
    fields: z.object({ notes: text }),
    run: ({ actor, context, fields }, deps) =>
      saveCoachNote({ actor, meetingId: context.meetingId, notes: fields.notes }, deps),
  }),
  'sponsor.expectations': form({
    context: z.object({ engagementId }),
    fields: z.object({ [expectationsFieldId]: text }),
    run: ({ actor, context, fields }, deps) =>
      postSponsorExpectations(
        { actor, engagementId: context.engagementId, text: fields[expectationsFieldId] },
        deps,
      ),
  }),
  /** An assessment HR or the coach records, with the client's report (an https link, its text, or both). */
  'assessment.record': form({
    context: z.object({ engagementId, clientId: linkId }),
    fields: z.object({ name: text, provider: text, administeredOn: text, link: text, report: text }),
    run: ({ actor, context, fields, requestKey }, deps) =>
      recordAssessment({ actor, ...context, ...fields, requestKey }, deps),
  }),
  'assessment.insight': form({
    context: z.object({ reportId: linkId }),
    fields: z.object({ insight: text }),
    run: ({ actor, context, fields, requestKey }, deps) =>
      writeInsight({ actor, reportId: context.reportId, text: fields.insight, requestKey }, deps),
  }),
  /** A coach's profile: every field text, read and checked whole by the use case (nothing saved on a refusal). */
  'profile.save': form({
    context: z.object({ coachId }),
    fields: z.object({
      bio: text,
      focusAreas: text,
      languages: text,
      timeZone: text,
      credentials: text,
      photoUrl: text,
      schedulingUrl: text,
    }),
    run: ({ actor, context, fields }, deps) =>
      saveCoachProfile({ actor, coachId: context.coachId, fields }, deps),
  }),
  /** A coaching session's time and length (Slack asks for them in a modal when "Schedule a session" is pressed). */
  'session.schedule': form({
    context: z.object({ engagementId }),
    fields: z.object({ minutes }),
    picked: true,
    run: ({ actor, context, fields, picked }, deps) =>
      scheduleSession(
        {
          actor,
          engagementId: context.engagementId,
          ...picked,
          ...(fields.minutes !== undefined ? { durationMinutes: fields.minutes } : {}),
        },
        deps,
      ),
  }),
  /** HR's organisation settings: every field text, each read by its setting's schema (a bad one changes nothing). */
  'hr.settings.save': form({
    context: z.object({}),
    fields: z.object({
      cadence: text,
      day: text,
      time: text,
      weeks: text,
      retention: text,
      zone: text,
      hours: text,
      apply: text,
    }),
    run: ({ actor, context: _context, fields: { apply, ...values } }, deps) =>
      changeSettings({ actor, values, ...(apply ? { apply: apply as 'new' | 'existing' } : {}) }, deps),
  }),
};

/** The id of a form Triad can open: exactly the ids the table handles. */
export type FormId = keyof typeof formTable;
