import { logistics } from '../../confidentiality/parts.js';
import { opaque, timed, words } from '../../confidentiality/words.js';
import { formatMeetingTime } from '../../engagement/meeting-time.js';
import type { Meeting, Person } from '../../engagement/records.js';
import type { PrivateMessage } from '../message.js';
import { meetingTime } from '../time-part.js';
import { coachNotesButton } from './coach-notes.js';
import { addToCalendarBlock, meetingInviteFile } from './meeting-invite.js';
import { meetingLinkButton, videoLinkLine } from './meeting-link.js';
import { sessionActions } from './meeting-words.js';
import { context, header, section, whenLine } from './text.js';

/**
 * Coaching sessions live in the coaching space only: the sponsor and HR learn nothing about them (at most a
 * count of sessions held, under the organisation's count_held policy, through engagementStatus).
 */
const toCoaching = (meeting: Meeting) =>
  ({ kind: 'space', engagementId: meeting.engagementId, space: 'coaching' }) as const;

/** The invite of a session: client and coach, written in the client's zone (`people` starts with the client). */
const partiesOf = (people: readonly Person[], url?: string) => ({
  attendees: people,
  timeZone: people[0]?.timeZone ?? 'UTC',
  url,
});

/** Where a platform cannot show each reader their own zone, a session's time is the client's. */
const fallbackZone = (people: readonly Person[]) => people[0]?.timeZone ?? 'UTC';

const times = (meeting: Meeting, people: readonly Person[]) =>
  people
    .map((p) => `${p.displayName}: ${formatMeetingTime(meeting.startsAt ?? new Date(0), p.timeZone)}`)
    .join(' · ');

export function sessionScheduled(
  meeting: Meeting,
  people: readonly Person[],
  byName: string,
  change: 'scheduled' | 'moved',
  ambiguityNote?: string,
  url?: string,
): PrivateMessage {
  return {
    audience: 'private',
    destination: toCoaching(meeting),
    summary: timed`Coaching session ${change}: ${meetingTime(meeting.startsAt ?? new Date(0), fallbackZone(people))}`,
    blocks: [
      header(`Coaching session ${change}`),
      section(
        `${byName} ${change} a ${meeting.durationMinutes}-minute coaching session. ${times(meeting, people)}`,
      ),
      whenLine(meeting.startsAt ?? new Date(0), fallbackZone(people)),
      ...videoLinkLine(meeting),
      {
        type: 'actions',
        elements: [
          {
            type: 'datetime',
            actionId: sessionActions.move,
            label: words('Move it'),
            value: opaque(meeting.id),
          },
          {
            type: 'button',
            actionId: sessionActions.cancel,
            label: words('Cancel it'),
            value: opaque(meeting.id),
          },
          {
            type: 'button',
            actionId: sessionActions.held,
            label: words('Mark as held'),
            value: opaque(meeting.id),
          },
          meetingLinkButton(meeting),
        ],
      },
      context(
        [ambiguityNote, 'Only the two of you see sessions; the sponsor and HR are not told about them.']
          .filter(Boolean)
          .join(' '),
      ),
      addToCalendarBlock(meeting, partiesOf(people, meeting.videoUrl ?? url)),
    ],
    file: meetingInviteFile(meeting, partiesOf(people, meeting.videoUrl ?? url)),
  };
}

export function sessionCancelled(
  meeting: Meeting,
  byName: string,
  people: readonly Person[],
): PrivateMessage {
  return {
    audience: 'private',
    destination: toCoaching(meeting),
    summary: words('Coaching session cancelled'),
    blocks: [
      {
        type: 'section',
        text: [
          logistics(`${byName} cancelled the coaching session planned for `),
          meetingTime(meeting.startsAt ?? new Date(0), fallbackZone(people)),
          logistics('.'),
        ],
      },
    ],
    file: meetingInviteFile(meeting, partiesOf(people)),
  };
}

export function sessionHeld(meeting: Meeting, byName: string): PrivateMessage {
  return {
    audience: 'private',
    destination: toCoaching(meeting),
    summary: words('Coaching session held'),
    blocks: [
      section(`${byName} marked the coaching session as held.`),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            actionId: sessionActions.schedule,
            label: words('Schedule the next session'),
            value: opaque(meeting.engagementId),
          },
          coachNotesButton(meeting),
        ],
      },
      context(
        'Notes kept with “My private notes (coach)” are read by their writer alone: nobody else, not even a later coach.',
      ),
    ],
  };
}
