import { coachSelectAction, parseCoachChoiceValue } from '../../../src/messages/compose/matching-choice.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import type { DirectoryDeps } from '../../../src/use-cases/deps.js';
import { openGoalForm } from '../../../src/use-cases/goals/open-goal-form.js';
import { retryDeliveries } from '../../../src/use-cases/hr/retry-deliveries.js';
import { selectCoach } from '../../../src/use-cases/matching/select-coach.js';
import { cancelMeeting } from '../../../src/use-cases/meetings/cancel-meeting.js';
import { markMeetingHeld } from '../../../src/use-cases/meetings/mark-meeting-held.js';
import { rescheduleMeeting } from '../../../src/use-cases/meetings/reschedule-meeting.js';
import { scheduleMeeting } from '../../../src/use-cases/meetings/schedule-meeting.js';
import { openPreparationForm } from '../../../src/use-cases/preparation/open-preparation-form.js';
import { openAnswerForm } from '../../../src/use-cases/reflections/open-answer-form.js';
import { shareAnswerWithCoach } from '../../../src/use-cases/reflections/share-answer-with-coach.js';
import { skipPrompt } from '../../../src/use-cases/reflections/skip-prompt.js';
import { snoozePrompt } from '../../../src/use-cases/reflections/snooze-prompt.js';
import { cancelRelease } from '../../../src/use-cases/releases/cancel-release.js';
import { confirmRelease } from '../../../src/use-cases/releases/confirm-release.js';
import { previewRelease } from '../../../src/use-cases/releases/preview-release.js';
import { withdrawRelease } from '../../../src/use-cases/releases/withdraw-release.js';
import { cancelSession } from '../../../src/use-cases/sessions/cancel-session.js';
import { markSessionHeld } from '../../../src/use-cases/sessions/mark-session-held.js';
import { moveSession } from '../../../src/use-cases/sessions/move-session.js';
import { scheduleSession } from '../../../src/use-cases/sessions/schedule-session.js';
import { openExpectationsForm } from '../../../src/use-cases/sponsor/open-expectations-form.js';
import { TeamsInputError } from '../errors.js';
import type { Reply } from '../turn/respond.js';

/** What a button or picker runs with: who acted, the control's id value, and a picked date-time. */
export interface ActionContext {
  actor: Actor;
  deps: DirectoryDeps;
  /** The control's value: ids only (a meeting id, a prompt id …). */
  value: string;
  /** For a date-time picker: `YYYY-MM-DDTHH:mm` in `timeZone`. */
  picked: string | undefined;
  /** The actor's zone as Teams reported it with the action. */
  timeZone: string | undefined;
}

/** What a use case answers the person who acted with. */
export interface Outcome {
  reply?: Reply;
  form?: Reply;
}

export type ActionHandler = (ctx: ActionContext) => Promise<Outcome>;

const when = (ctx: ActionContext) => {
  if (!ctx.picked) throw new TeamsInputError('Pick a date and a time, then choose Save.');
  return { localDateTime: ctx.picked, ...(ctx.timeZone ? { timeZone: ctx.timeZone } : {}) };
};

/** The core's button and picker action ids → the use case each one runs. Unknown ids are refused. */
export const actionHandlers: Readonly<Record<string, ActionHandler>> = {
  'meeting.schedule': (ctx) =>
    scheduleMeeting({ actor: ctx.actor, meetingId: ctx.value, ...when(ctx) }, ctx.deps),
  'meeting.reschedule': (ctx) =>
    rescheduleMeeting({ actor: ctx.actor, meetingId: ctx.value, ...when(ctx) }, ctx.deps),
  'meeting.cancel': (ctx) => cancelMeeting({ actor: ctx.actor, meetingId: ctx.value }, ctx.deps),
  'meeting.held': (ctx) => markMeetingHeld({ actor: ctx.actor, meetingId: ctx.value }, ctx.deps),
  'meeting.prepare': (ctx) => openPreparationForm({ actor: ctx.actor, meetingId: ctx.value }, ctx.deps),
  'delivery.retry': (ctx) => retryDeliveries({ actor: ctx.actor, engagement: ctx.value }, ctx.deps),
  'session.schedule': (ctx) =>
    scheduleSession({ actor: ctx.actor, engagementId: ctx.value, ...when(ctx) }, ctx.deps),
  'session.move': (ctx) => moveSession({ actor: ctx.actor, meetingId: ctx.value, ...when(ctx) }, ctx.deps),
  'session.cancel': (ctx) => cancelSession({ actor: ctx.actor, meetingId: ctx.value }, ctx.deps),
  'session.held': (ctx) => markSessionHeld({ actor: ctx.actor, meetingId: ctx.value }, ctx.deps),
  'sponsor.expectations': (ctx) =>
    openExpectationsForm({ actor: ctx.actor, engagementId: ctx.value }, ctx.deps),
  [coachSelectAction]: (ctx) => {
    const choice = parseCoachChoiceValue(ctx.value);
    if (!choice) throw new TeamsInputError('That coach button is not valid any more.');
    return selectCoach({ actor: ctx.actor, ...choice }, ctx.deps);
  },
  'reflection.answer': (ctx) => openAnswerForm({ actor: ctx.actor, promptId: ctx.value }, ctx.deps),
  'reflection.snooze': (ctx) => snoozePrompt({ actor: ctx.actor, promptId: ctx.value }, ctx.deps),
  'reflection.skip': (ctx) => skipPrompt({ actor: ctx.actor, promptId: ctx.value }, ctx.deps),
  'reflection.share_with_coach': (ctx) =>
    shareAnswerWithCoach({ actor: ctx.actor, promptId: ctx.value }, ctx.deps),
  'goal.draft': (ctx) => openGoalForm({ actor: ctx.actor }, ctx.deps),
  'goal.edit': (ctx) => openGoalForm({ actor: ctx.actor, entryId: ctx.value }, ctx.deps),
  'release.preview': (ctx) => previewRelease({ actor: ctx.actor, entryId: ctx.value }, ctx.deps),
  'release.confirm': (ctx) => confirmRelease({ actor: ctx.actor, releaseId: ctx.value }, ctx.deps),
  'release.cancel': (ctx) => cancelRelease({ actor: ctx.actor, releaseId: ctx.value }, ctx.deps),
  'release.withdraw': (ctx) => withdrawRelease({ actor: ctx.actor, releaseId: ctx.value }, ctx.deps),
};

/** The reply of an outcome: its form when it opened one, else its message. */
export const replyOf = (outcome: Outcome): Reply | undefined => outcome.form ?? outcome.reply;

export async function runAction(actionId: string, ctx: ActionContext): Promise<Reply | undefined> {
  const handler = actionHandlers[actionId];
  if (!handler) {
    throw new TeamsInputError(
      'That button is not one Triad knows.',
      'Use the buttons on the latest message.',
    );
  }
  return replyOf(await handler(ctx));
}
