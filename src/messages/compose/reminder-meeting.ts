import { logistics } from '../../confidentiality/parts.js';
import { opaque, timed, words } from '../../confidentiality/words.js';
import { formatMeetingTime } from '../../engagement/meeting-time.js';
import type { Meeting, Person } from '../../engagement/records.js';
import type { PrivateMessage, SharedMessage } from '../message.js';
import { meetingTime } from '../time-part.js';
import { meetingActions, meetingName, meetingTitle } from './meeting-words.js';
import { context, header, notifying, section, whenLine } from './text.js';

/**
 * Reminders before a meeting: the sponsor thread (in the meeting's thread) a day and an hour before; the
 * client's DM two days before, to prepare privately; the coaching space before a session. Names and times only.
 * A reply in the sponsor thread notifies only the thread's followers, so the sponsor reminder names its attendees.
 */
/** "in 24 hours", not "tomorrow": Slack writes the date itself as "Tomorrow", and the reader's day may differ. */
const inHowLong = (leadHours: number) => (leadHours >= 24 ? `in ${leadHours} hours` : 'in an hour');

/** Where a platform cannot show each reader their own zone, the time is the client's (`people` starts with them). */
const fallbackZone = (people: readonly Person[]) => people[0]?.timeZone ?? 'UTC';

const timesFor = (startsAt: Date, people: readonly Person[]) => ({
  type: 'fields' as const,
  fields: people.map((person) => ({
    label: words(person.displayName),
    value: [logistics(formatMeetingTime(startsAt, person.timeZone))],
  })),
});

export function sponsorMeetingReminder(
  meeting: Meeting & { startsAt: Date },
  attendees: readonly Person[],
  leadHours: number,
): SharedMessage {
  const name = meetingName(meeting.kind);
  return {
    audience: 'shared',
    destination: {
      kind: 'space',
      engagementId: meeting.engagementId,
      space: 'sponsor',
      threadMeetingId: meeting.id,
      threadRole: 'note',
    },
    summary: timed`Reminder: the ${name} is ${inHowLong(leadHours)}: ${meetingTime(meeting.startsAt, fallbackZone(attendees))}`,
    notify: notifying(attendees),
    blocks: [
      section(`Reminder: the ${name} (${meeting.durationMinutes} minutes) is ${inHowLong(leadHours)}.`),
      whenLine(meeting.startsAt, fallbackZone(attendees)),
      timesFor(meeting.startsAt, attendees),
      context('Times are shown in each person’s own time zone.'),
    ],
  };
}

export function clientPreparationPrompt(
  meeting: Meeting & { startsAt: Date },
  client: Person,
): PrivateMessage {
  const name = meetingName(meeting.kind);
  const when = formatMeetingTime(meeting.startsAt, client.timeZone);
  return {
    audience: 'private',
    destination: { kind: 'space', engagementId: meeting.engagementId, space: 'client_dm' },
    summary: words(`Your ${name} is in two days: time to prepare`),
    blocks: [
      header(`Prepare for your ${name}`),
      section(
        `Your ${name} is on ${when}. You lead it: take a few minutes to decide what you want to present about your goals and progress, and how you will describe success.`,
      ),
      section('What you write while preparing stays private unless you choose to share it.'),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            actionId: meetingActions.prepare,
            label: words('Prepare privately'),
            value: opaque(meeting.id),
          },
        ],
      },
    ],
  };
}

export function sessionReminder(
  meeting: Meeting & { startsAt: Date },
  people: readonly Person[],
  leadHours: number,
): PrivateMessage {
  return {
    audience: 'private',
    destination: { kind: 'space', engagementId: meeting.engagementId, space: 'coaching' },
    summary: timed`${meetingTitle('session')} ${inHowLong(leadHours)}: ${meetingTime(meeting.startsAt, fallbackZone(people))}`,
    blocks: [
      section(
        `Reminder: your ${meeting.durationMinutes}-minute coaching session is ${inHowLong(leadHours)}.`,
      ),
      whenLine(meeting.startsAt, fallbackZone(people)),
      timesFor(meeting.startsAt, people),
    ],
  };
}
