import type { Gated } from '../../src/confidentiality/outbound-gate.js';
import type { PrivateText } from '../../src/confidentiality/private-text.js';
import { coachSelectAction, parseCoachChoiceValue } from '../../src/messages/compose/matching-choice.js';
import type { Form, OutboundMessage } from '../../src/messages/message.js';
import type { Actor } from '../../src/use-cases/actor.js';
import type { DirectoryDeps } from '../../src/use-cases/deps.js';
import { draftGoal } from '../../src/use-cases/goals/draft-goal.js';
import { editGoal } from '../../src/use-cases/goals/edit-goal.js';
import { openGoalForm } from '../../src/use-cases/goals/open-goal-form.js';
import { selectCoach } from '../../src/use-cases/matching/select-coach.js';
import { cancelMeeting } from '../../src/use-cases/meetings/cancel-meeting.js';
import { markMeetingHeld } from '../../src/use-cases/meetings/mark-meeting-held.js';
import { rescheduleMeeting } from '../../src/use-cases/meetings/reschedule-meeting.js';
import { scheduleMeeting } from '../../src/use-cases/meetings/schedule-meeting.js';
import { openPreparationForm } from '../../src/use-cases/preparation/open-preparation-form.js';
import { savePreparation } from '../../src/use-cases/preparation/save-preparation.js';
import { answerPrompt } from '../../src/use-cases/reflections/answer-prompt.js';
import { openAnswerForm } from '../../src/use-cases/reflections/open-answer-form.js';
import { shareAnswerWithCoach } from '../../src/use-cases/reflections/share-answer-with-coach.js';
import { skipPrompt } from '../../src/use-cases/reflections/skip-prompt.js';
import { snoozePrompt } from '../../src/use-cases/reflections/snooze-prompt.js';
import { cancelSession } from '../../src/use-cases/sessions/cancel-session.js';
import { markSessionHeld } from '../../src/use-cases/sessions/mark-session-held.js';
import { moveSession } from '../../src/use-cases/sessions/move-session.js';
import { scheduleSession } from '../../src/use-cases/sessions/schedule-session.js';
import { openExpectationsForm } from '../../src/use-cases/sponsor/open-expectations-form.js';
import { postSponsorExpectations } from '../../src/use-cases/sponsor/post-sponsor-expectations.js';
import { LocalInputError } from './local-errors.js';
import { releaseActions } from './local-release-actions.js';

/** What a use case answers the person who acted with: a reply, a form, or both, and maybe a file (an export). */
export interface Answer {
  reply?: Gated<OutboundMessage> | Gated<Form>;
  form?: Gated<Form>;
  file?: { name: string; content: PrivateText };
}

export interface ActionContext {
  actor: Actor;
  deps: DirectoryDeps;
  /** The control's value: ids only (a meeting id, a prompt id…). */
  value: string;
  /** For a date-time picker: the local date-time picked, `YYYY-MM-DDTHH:mm`, in `timeZone`. */
  picked?: string;
  timeZone: string;
  /** A fresh id for this request, so a retry is recognised. */
  requestKey: string;
}

export type ActionHandler = (ctx: ActionContext) => Promise<Answer>;

export interface FormContext extends Omit<ActionContext, 'value' | 'picked'> {
  /** The ids the form carries back (engagement id, prompt id…). */
  context: Readonly<Record<string, string>>;
  /** Field values by field id. */
  values: Readonly<Record<string, string>>;
}

export type FormHandler = (ctx: FormContext) => Promise<Answer>;

const when = (ctx: ActionContext) => {
  if (!ctx.picked) {
    throw new LocalInputError(
      'Pick a date and time for this one.',
      'Add it after the number, e.g. `press 3 2026-12-01T14:30` or `press 3 +2m` (in two minutes).',
    );
  }
  return { localDateTime: ctx.picked, timeZone: ctx.timeZone };
};

/** Button and picker action ids (the core's) → the use case each one runs. */
export const actionHandlers: Readonly<Record<string, ActionHandler>> = {
  'meeting.schedule': (ctx) =>
    scheduleMeeting({ actor: ctx.actor, meetingId: ctx.value, ...when(ctx) }, ctx.deps),
  'meeting.reschedule': (ctx) =>
    rescheduleMeeting({ actor: ctx.actor, meetingId: ctx.value, ...when(ctx) }, ctx.deps),
  'meeting.cancel': (ctx) => cancelMeeting({ actor: ctx.actor, meetingId: ctx.value }, ctx.deps),
  'meeting.held': (ctx) => markMeetingHeld({ actor: ctx.actor, meetingId: ctx.value }, ctx.deps),
  'meeting.prepare': (ctx) => openPreparationForm({ actor: ctx.actor, meetingId: ctx.value }, ctx.deps),
  'session.schedule': (ctx) =>
    scheduleSession({ actor: ctx.actor, engagementId: ctx.value, ...when(ctx) }, ctx.deps),
  'session.move': (ctx) => moveSession({ actor: ctx.actor, meetingId: ctx.value, ...when(ctx) }, ctx.deps),
  'session.cancel': (ctx) => cancelSession({ actor: ctx.actor, meetingId: ctx.value }, ctx.deps),
  'session.held': (ctx) => markSessionHeld({ actor: ctx.actor, meetingId: ctx.value }, ctx.deps),
  'sponsor.expectations': (ctx) =>
    openExpectationsForm({ actor: ctx.actor, engagementId: ctx.value }, ctx.deps),
  [coachSelectAction]: (ctx) => {
    const choice = parseCoachChoiceValue(ctx.value);
    if (!choice) throw new LocalInputError('That coach button is not valid any more.');
    return selectCoach({ actor: ctx.actor, ...choice }, ctx.deps);
  },
  'reflection.answer': (ctx) => openAnswerForm({ actor: ctx.actor, promptId: ctx.value }, ctx.deps),
  'reflection.snooze': (ctx) => snoozePrompt({ actor: ctx.actor, promptId: ctx.value }, ctx.deps),
  'reflection.skip': (ctx) => skipPrompt({ actor: ctx.actor, promptId: ctx.value }, ctx.deps),
  'reflection.share_with_coach': (ctx) =>
    shareAnswerWithCoach({ actor: ctx.actor, promptId: ctx.value }, ctx.deps),
  'goal.draft': (ctx) => openGoalForm({ actor: ctx.actor }, ctx.deps),
  'goal.edit': (ctx) => openGoalForm({ actor: ctx.actor, entryId: ctx.value }, ctx.deps),
  ...releaseActions,
};

const field = (ctx: FormContext, id: string) => ctx.values[id] ?? '';

/** Form ids (the core's) → the use case a submission runs. */
export const formHandlers: Readonly<Record<string, FormHandler>> = {
  'reflection.answer': (ctx) =>
    answerPrompt(
      {
        actor: ctx.actor,
        promptId: ctx.context.promptId ?? '',
        text: field(ctx, 'answer'),
        requestKey: ctx.requestKey,
      },
      ctx.deps,
    ),
  'goal.draft': (ctx) =>
    draftGoal(
      {
        actor: ctx.actor,
        ...(ctx.context.engagementId ? { engagementId: ctx.context.engagementId } : {}),
        goal: field(ctx, 'goal'),
        successMeasure: field(ctx, 'successMeasure'),
        requestKey: ctx.requestKey,
      },
      ctx.deps,
    ),
  'goal.edit': (ctx) =>
    editGoal(
      {
        actor: ctx.actor,
        entryId: ctx.context.entryId ?? '',
        goal: field(ctx, 'goal'),
        successMeasure: field(ctx, 'successMeasure'),
        requestKey: ctx.requestKey,
      },
      ctx.deps,
    ),
  'meeting.prepare.save': (ctx) =>
    savePreparation(
      { actor: ctx.actor, meetingId: ctx.context.meetingId ?? '', notes: field(ctx, 'notes') },
      ctx.deps,
    ),
  'sponsor.expectations': (ctx) =>
    postSponsorExpectations(
      { actor: ctx.actor, engagementId: ctx.context.engagementId ?? '', text: field(ctx, 'expectations') },
      ctx.deps,
    ),
};

/** Runs the use case behind a control; unknown action ids are refused readably. */
export async function runAction(actionId: string, ctx: ActionContext): Promise<Answer> {
  const handler = actionHandlers[actionId];
  if (!handler) throw new LocalInputError(`The local demo does not handle “${actionId}” yet.`);
  return handler(ctx);
}

export async function runForm(formId: string, ctx: FormContext): Promise<Answer> {
  const handler = formHandlers[formId];
  if (!handler) throw new LocalInputError(`The local demo does not handle the form “${formId}” yet.`);
  return handler(ctx);
}
