import type { Gated } from '../../../src/confidentiality/outbound-gate.js';
import { coachSelectAction, parseCoachChoiceValue } from '../../../src/messages/compose/matching-choice.js';
import type { Form, OutboundMessage } from '../../../src/messages/message.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import type { DirectoryDeps } from '../../../src/use-cases/deps.js';
import { draftGoal } from '../../../src/use-cases/goals/draft-goal.js';
import { editGoal } from '../../../src/use-cases/goals/edit-goal.js';
import { openGoalForm } from '../../../src/use-cases/goals/open-goal-form.js';
import { selectCoach } from '../../../src/use-cases/matching/select-coach.js';
import { cancelMeeting } from '../../../src/use-cases/meetings/cancel-meeting.js';
import { markMeetingHeld } from '../../../src/use-cases/meetings/mark-meeting-held.js';
import { rescheduleMeeting } from '../../../src/use-cases/meetings/reschedule-meeting.js';
import { scheduleMeeting } from '../../../src/use-cases/meetings/schedule-meeting.js';
import { openPreparationForm } from '../../../src/use-cases/preparation/open-preparation-form.js';
import { savePreparation } from '../../../src/use-cases/preparation/save-preparation.js';
import { answerPrompt } from '../../../src/use-cases/reflections/answer-prompt.js';
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
import { postSponsorExpectations } from '../../../src/use-cases/sponsor/post-sponsor-expectations.js';
import { cancelRelay, chooseRelayThread, confirmRelay } from '../../../src/use-cases/sponsor/relay-choice.js';
import { relayActions } from '../../../src/use-cases/sponsor/relay-draft.js';

/** What a use case answers the person who acted with: a reply, or a form to fill in. */
export interface CoreAnswer {
  reply?: Gated<OutboundMessage> | Gated<Form>;
  form?: Gated<Form>;
}

/** A button or picker pressed: who acted, the control's value (ids only), and a picked date-time. */
export interface ControlInput {
  actor: Actor;
  deps: DirectoryDeps;
  value: string;
  /** For a date-time picker: `YYYY-MM-DDTHH:mm` in `timeZone`. */
  picked?: string | undefined;
  timeZone?: string | undefined;
}

/** A form submitted: the ids it carries back and its field values by field id. */
export interface FormInput {
  actor: Actor;
  deps: DirectoryDeps;
  context: Readonly<Record<string, string>>;
  values: Readonly<Record<string, string>>;
  /** The submission's own key, so a re-sent one is recognised. */
  requestKey: string;
}

export type ControlHandler = (input: ControlInput) => Promise<CoreAnswer>;
export type FormHandler = (input: FormInput) => Promise<CoreAnswer>;

/** The words each platform uses when a control arrives without what it needs. */
export interface ControlWords {
  /** A date-time picker submitted without a date and time. */
  pickTime(): Error;
  /** A coach button whose value no longer parses. */
  staleCoachButton(): Error;
}

/** The core's button and picker action ids → the use case each one runs, the same on every platform. */
export function coreControls(words: ControlWords): Readonly<Record<string, ControlHandler>> {
  const when = (input: ControlInput) => {
    if (!input.picked) throw words.pickTime();
    return { localDateTime: input.picked, ...(input.timeZone ? { timeZone: input.timeZone } : {}) };
  };
  return {
    'meeting.schedule': (i) => scheduleMeeting({ actor: i.actor, meetingId: i.value, ...when(i) }, i.deps),
    'meeting.reschedule': (i) =>
      rescheduleMeeting({ actor: i.actor, meetingId: i.value, ...when(i) }, i.deps),
    'meeting.cancel': (i) => cancelMeeting({ actor: i.actor, meetingId: i.value }, i.deps),
    'meeting.held': (i) => markMeetingHeld({ actor: i.actor, meetingId: i.value }, i.deps),
    'meeting.prepare': (i) => openPreparationForm({ actor: i.actor, meetingId: i.value }, i.deps),
    'session.schedule': (i) => scheduleSession({ actor: i.actor, engagementId: i.value, ...when(i) }, i.deps),
    'session.move': (i) => moveSession({ actor: i.actor, meetingId: i.value, ...when(i) }, i.deps),
    'session.cancel': (i) => cancelSession({ actor: i.actor, meetingId: i.value }, i.deps),
    'session.held': (i) => markSessionHeld({ actor: i.actor, meetingId: i.value }, i.deps),
    'sponsor.expectations': (i) => openExpectationsForm({ actor: i.actor, engagementId: i.value }, i.deps),
    [coachSelectAction]: (i) => {
      const choice = parseCoachChoiceValue(i.value);
      if (!choice) throw words.staleCoachButton();
      return selectCoach({ actor: i.actor, ...choice }, i.deps);
    },
    'reflection.answer': (i) => openAnswerForm({ actor: i.actor, promptId: i.value }, i.deps),
    'reflection.snooze': (i) => snoozePrompt({ actor: i.actor, promptId: i.value }, i.deps),
    'reflection.skip': (i) => skipPrompt({ actor: i.actor, promptId: i.value }, i.deps),
    'reflection.share_with_coach': (i) => shareAnswerWithCoach({ actor: i.actor, promptId: i.value }, i.deps),
    'goal.draft': (i) => openGoalForm({ actor: i.actor }, i.deps),
    'goal.edit': (i) => openGoalForm({ actor: i.actor, entryId: i.value }, i.deps),
    'release.preview': (i) => previewRelease({ actor: i.actor, entryId: i.value }, i.deps),
    'release.confirm': (i) => confirmRelease({ actor: i.actor, releaseId: i.value }, i.deps),
    'release.cancel': (i) => cancelRelease({ actor: i.actor, releaseId: i.value }, i.deps),
    'release.withdraw': (i) => withdrawRelease({ actor: i.actor, releaseId: i.value }, i.deps),
    [relayActions.choose]: (i) => chooseRelayThread({ actor: i.actor, value: i.value }, i.deps),
    [relayActions.confirm]: (i) => confirmRelay({ actor: i.actor, value: i.value }, i.deps),
    [relayActions.cancel]: (i) => cancelRelay({ actor: i.actor, draftId: i.value }, i.deps),
  };
}

const field = (input: FormInput, id: string) => input.values[id] ?? '';

/** The core's form ids → the use case a submission runs, the same on every platform. */
export const coreForms: Readonly<Record<string, FormHandler>> = {
  'reflection.answer': (i) =>
    answerPrompt(
      {
        actor: i.actor,
        promptId: i.context.promptId ?? '',
        text: field(i, 'answer'),
        requestKey: i.requestKey,
      },
      i.deps,
    ),
  'goal.draft': (i) =>
    draftGoal(
      {
        actor: i.actor,
        ...(i.context.engagementId ? { engagementId: i.context.engagementId } : {}),
        goal: field(i, 'goal'),
        successMeasure: field(i, 'successMeasure'),
        requestKey: i.requestKey,
      },
      i.deps,
    ),
  'goal.edit': (i) =>
    editGoal(
      {
        actor: i.actor,
        entryId: i.context.entryId ?? '',
        goal: field(i, 'goal'),
        successMeasure: field(i, 'successMeasure'),
        requestKey: i.requestKey,
      },
      i.deps,
    ),
  'meeting.prepare.save': (i) =>
    savePreparation(
      { actor: i.actor, meetingId: i.context.meetingId ?? '', notes: field(i, 'notes') },
      i.deps,
    ),
  'sponsor.expectations': (i) =>
    postSponsorExpectations(
      { actor: i.actor, engagementId: i.context.engagementId ?? '', text: field(i, 'expectations') },
      i.deps,
    ),
};
