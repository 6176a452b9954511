import type { ActionId } from '../../controls/controls.js';
import type { MeetingKind } from '../../engagement/records.js';

const names: Record<MeetingKind, string> = {
  kickoff: 'kickoff meeting',
  alignment: 'sponsor alignment meeting',
  midpoint: 'mid-point alignment check-in',
  closing: 'closing alignment meeting',
  session: 'coaching session',
  chemistry: 'intro call',
};

/** How a meeting is named to people, e.g. "sponsor alignment meeting". */
export const meetingName = (kind: MeetingKind): string => names[kind];

/** A meeting's name at the start of a title or sentence: "Kickoff meeting". */
export const meetingTitle = (kind: MeetingKind): string =>
  names[kind].charAt(0).toUpperCase() + names[kind].slice(1);

/** Button and picker action ids for meetings; values carry the meeting id only. */
export const meetingActions = {
  schedule: 'meeting.schedule',
  reschedule: 'meeting.reschedule',
  cancel: 'meeting.cancel',
  held: 'meeting.held',
  prepare: 'meeting.prepare',
} as const satisfies Record<string, ActionId>;

/** Button and picker action ids for coaching sessions. `schedule` carries the engagement id, the others the session id. */
export const sessionActions = {
  schedule: 'session.schedule',
  move: 'session.move',
  cancel: 'session.cancel',
  held: 'session.held',
} as const satisfies Record<string, ActionId>;
