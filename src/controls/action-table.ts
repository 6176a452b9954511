import { openInsightForm } from '../use-cases/assessments/insight-form.js';
import { openAssessmentForm } from '../use-cases/assessments/open-assessment-form.js';
import { shareReportWithCoach } from '../use-cases/assessments/share-report-with-coach.js';
import {
  cancelChemistryCall,
  markChemistryCallHeld,
  moveChemistryCall,
} from '../use-cases/chemistry/arrange-chemistry-call.js';
import { bookChemistryCall } from '../use-cases/chemistry/book-chemistry-call.js';
import { openCoachProfileForm } from '../use-cases/coach-profiles/open-coach-profile-form.js';
import { openGoalForm } from '../use-cases/goals/open-goal-form.js';
import { retryDeliveries } from '../use-cases/hr/retry-deliveries.js';
import { setDigestWeekday } from '../use-cases/hr/set-digest-weekday.js';
import { selectCoach } from '../use-cases/matching/select-coach.js';
import { cancelMeeting } from '../use-cases/meetings/cancel-meeting.js';
import { markMeetingHeld } from '../use-cases/meetings/mark-meeting-held.js';
import { openMeetingLinkForm } from '../use-cases/meetings/meeting-link.js';
import { rescheduleMeeting } from '../use-cases/meetings/reschedule-meeting.js';
import { scheduleMeeting } from '../use-cases/meetings/schedule-meeting.js';
import { openPreparationForm } from '../use-cases/preparation/open-preparation-form.js';
import { openAnswerForm } from '../use-cases/reflections/open-answer-form.js';
import { openRhythmForm } from '../use-cases/reflections/prompt-rhythm.js';
import { shareAnswerWithCoach } from '../use-cases/reflections/share-answer-with-coach.js';
import { skipPrompt } from '../use-cases/reflections/skip-prompt.js';
import { snoozePrompt } from '../use-cases/reflections/snooze-prompt.js';
import { cancelRelease } from '../use-cases/releases/cancel-release.js';
import { confirmRelease } from '../use-cases/releases/confirm-release.js';
import { previewRelease } from '../use-cases/releases/preview-release.js';
import { setActivitySharing } from '../use-cases/releases/set-activity-sharing.js';
import { withdrawRelease } from '../use-cases/releases/withdraw-release.js';
import { cancelSession } from '../use-cases/sessions/cancel-session.js';
import { openCoachNoteForm } from '../use-cases/sessions/coach-notes.js';
import { listCoachNotes } from '../use-cases/sessions/list-coach-notes.js';
import { markSessionHeld } from '../use-cases/sessions/mark-session-held.js';
import { moveSession } from '../use-cases/sessions/move-session.js';
import { setPartneringSelfCheck } from '../use-cases/sessions/partnering-self-check.js';
import { scheduleSession } from '../use-cases/sessions/schedule-session.js';
import { openSettingsForm } from '../use-cases/settings/organisation-settings.js';
import { openExpectationsForm } from '../use-cases/sponsor/open-expectations-form.js';
import { cancelRelay, chooseRelayThread, confirmRelay } from '../use-cases/sponsor/relay-choice.js';
import { action } from './control.js';
import {
  activitySwitch,
  chemistryCallId,
  coachChoice,
  coachId,
  engagementId,
  isoWeekday,
  linkId,
  meetingId,
  optionalEngagementId,
  relayChoice,
  relayDraftId,
  selfCheckSwitch,
  sessionId,
  settingsButton,
} from './control-values.js';

/**
 * Every button and picker any of Triad's messages can carry → the value it must hold and the one use case it
 * runs, the same on Slack, Teams and the local demo. A composer can only put an id of this table on a control
 * (`ActionId`), and every platform registers exactly these ids at start-up.
 */
export const actionTable = {
  'meeting.schedule': action({
    value: meetingId,
    picked: true,
    run: ({ actor, value, picked }, deps) => scheduleMeeting({ actor, meetingId: value, ...picked }, deps),
  }),
  'meeting.reschedule': action({
    value: meetingId,
    picked: true,
    run: ({ actor, value, picked }, deps) => rescheduleMeeting({ actor, meetingId: value, ...picked }, deps),
  }),
  'meeting.cancel': action({
    value: meetingId,
    run: ({ actor, value }, deps) => cancelMeeting({ actor, meetingId: value }, deps),
  }),
  'meeting.held': action({
    value: meetingId,
    run: ({ actor, value }, deps) => markMeetingHeld({ actor, meetingId: value }, deps),
  }),
  /** "Add a video link" on a meeting's or session's message (the form checks who may). */
  'meeting.link': action({
    value: meetingId,
    run: ({ actor, value }, deps) => openMeetingLinkForm({ actor, meetingId: value }, deps),
  }),
  'meeting.prepare': action({
    value: meetingId,
    run: ({ actor, value }, deps) => openPreparationForm({ actor, meetingId: value }, deps),
  }),
  'session.schedule': action({
    value: engagementId,
    picked: true,
    run: ({ actor, value, picked }, deps) => scheduleSession({ actor, engagementId: value, ...picked }, deps),
  }),
  'session.move': action({
    value: sessionId,
    picked: true,
    run: ({ actor, value, picked }, deps) => moveSession({ actor, meetingId: value, ...picked }, deps),
  }),
  'session.cancel': action({
    value: sessionId,
    run: ({ actor, value }, deps) => cancelSession({ actor, meetingId: value }, deps),
  }),
  'session.held': action({
    value: sessionId,
    run: ({ actor, value }, deps) => markSessionHeld({ actor, meetingId: value }, deps),
  }),
  /** "My private notes (coach)" on the session-held message: the coach's own note form (others are refused). */
  'session.notes': action({
    value: sessionId,
    run: ({ actor, value }, deps) => openCoachNoteForm({ actor, meetingId: value }, deps),
  }),
  /** A coach's notes in another engagement, from the list the `notes` word shows. */
  'session.notes.list': action({
    value: engagementId,
    run: ({ actor, value }, deps) => listCoachNotes({ actor, engagementId: value }, deps),
  }),
  /** The coach's switch for the partnering self-check in their DM after each session. */
  'session.self_check': action({
    value: selfCheckSwitch,
    run: ({ actor, value }, deps) => setPartneringSelfCheck({ actor, ...value }, deps),
  }),
  'sponsor.expectations': action({
    value: engagementId,
    run: ({ actor, value }, deps) => openExpectationsForm({ actor, engagementId: value }, deps),
  }),
  'coach.select': action({
    value: coachChoice,
    hint: 'Use the coach buttons in your DM.',
    run: ({ actor, value }, deps) => selectCoach({ actor, ...value }, deps),
  }),
  /** "Book an intro call with …" on the client's coach choice: a picked time, before choosing. */
  'chemistry.book': action({
    value: coachChoice,
    picked: true,
    hint: 'Use the intro call pickers in your DM.',
    run: ({ actor, value, picked }, deps) => bookChemistryCall({ actor, ...value, ...picked }, deps),
  }),
  'chemistry.move': action({
    value: chemistryCallId,
    picked: true,
    run: ({ actor, value, picked }, deps) => moveChemistryCall({ actor, meetingId: value, ...picked }, deps),
  }),
  'chemistry.cancel': action({
    value: chemistryCallId,
    run: ({ actor, value }, deps) => cancelChemistryCall({ actor, meetingId: value }, deps),
  }),
  'chemistry.held': action({
    value: chemistryCallId,
    run: ({ actor, value }, deps) => markChemistryCallHeld({ actor, meetingId: value }, deps),
  }),
  /** "Edit the profile": a coach's own, or HR's for a coach of their organisation (the use case checks whose). */
  'profile.edit': action({
    value: coachId,
    run: ({ actor, value }, deps) => openCoachProfileForm({ actor, coachId: value }, deps),
  }),
  'reflection.answer': action({
    value: linkId,
    run: ({ actor, value }, deps) => openAnswerForm({ actor, promptId: value }, deps),
  }),
  'reflection.snooze': action({
    value: linkId,
    run: ({ actor, value }, deps) => snoozePrompt({ actor, promptId: value }, deps),
  }),
  'reflection.skip': action({
    value: linkId,
    run: ({ actor, value }, deps) => skipPrompt({ actor, promptId: value }, deps),
  }),
  'reflection.rhythm': action({
    value: linkId,
    run: ({ actor, value }, deps) => openRhythmForm({ actor, promptId: value }, deps),
  }),
  'reflection.share_with_coach': action({
    value: linkId,
    run: ({ actor, value }, deps) => shareAnswerWithCoach({ actor, promptId: value }, deps),
  }),
  'goal.draft': action({
    value: optionalEngagementId,
    run: ({ actor }, deps) => openGoalForm({ actor }, deps),
  }),
  'goal.edit': action({
    value: linkId,
    run: ({ actor, value }, deps) => openGoalForm({ actor, entryId: value }, deps),
  }),
  'release.preview': action({
    value: linkId,
    run: ({ actor, value }, deps) => previewRelease({ actor, entryId: value }, deps),
  }),
  'release.confirm': action({
    value: linkId,
    run: ({ actor, value }, deps) => confirmRelease({ actor, releaseId: value }, deps),
  }),
  'release.cancel': action({
    value: linkId,
    run: ({ actor, value }, deps) => cancelRelease({ actor, releaseId: value }, deps),
  }),
  'release.withdraw': action({
    value: linkId,
    run: ({ actor, value }, deps) => withdrawRelease({ actor, releaseId: value }, deps),
  }),
  /** HR's `assessment` reply and the coaching space: the recording form (the use case checks who may). */
  'assessment.record': action({
    value: engagementId,
    run: ({ actor, value }, deps) => openAssessmentForm({ actor, engagementId: value }, deps),
  }),
  'assessment.insight': action({
    value: linkId,
    run: ({ actor, value }, deps) => openInsightForm({ actor, reportId: value }, deps),
  }),
  'assessment.share_with_coach': action({
    value: linkId,
    run: ({ actor, value }, deps) => shareReportWithCoach({ actor, entryId: value }, deps),
  }),
  'relay.choose': action({
    value: relayChoice,
    hint: 'Send your message again.',
    run: ({ actor, value }, deps) => chooseRelayThread({ actor, value }, deps),
  }),
  'relay.confirm': action({
    value: relayChoice,
    hint: 'Send your message again.',
    run: ({ actor, value }, deps) => confirmRelay({ actor, value }, deps),
  }),
  'relay.cancel': action({
    value: relayDraftId,
    hint: 'Send your message again.',
    run: ({ actor, value }, deps) => cancelRelay({ actor, draftId: value }, deps),
  }),
  'delivery.retry': action({
    value: engagementId,
    run: ({ actor, value }, deps) => retryDeliveries({ actor, engagement: { kind: 'id', id: value } }, deps),
  }),
  'activity.sharing': action({
    value: activitySwitch,
    run: ({ actor, value }, deps) => setActivitySharing({ actor, ...value }, deps),
  }),
  'hr.digest.weekday': action({
    value: isoWeekday,
    run: ({ actor, value }, deps) => setDigestWeekday({ actor, weekday: value }, deps),
  }),
  /** "Change settings" on HR's organisation settings (App Home, the `settings` reply): HR's settings form. */
  'hr.settings.edit': action({
    value: settingsButton,
    run: ({ actor }, deps) => openSettingsForm({ actor }, deps),
  }),
};

/** The id of a button or picker Triad can put on a message: exactly the ids the table handles. */
export type ActionId = keyof typeof actionTable;
