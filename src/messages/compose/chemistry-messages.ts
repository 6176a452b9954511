import type { AdminPart } from '../../confidentiality/parts.js';
import { opaque, words } from '../../confidentiality/words.js';
import type { ActionId } from '../../controls/controls.js';
import { formatMeetingTime } from '../../engagement/meeting-time.js';
import type { Engagement, Meeting, Person } from '../../engagement/records.js';
import type { AdminMessage, Block, DateTimePicker, PrivateMessage } from '../message.js';
import { addToCalendarBlock, meetingInviteFile } from './meeting-invite.js';
import { context, header, section } from './text.js';

/**
 * Intro ("chemistry") calls: a short call between the client and one shortlisted coach before the client
 * chooses. Each lives in two private places only: the client's DM with Triad and the coach's own DM with Triad
 * (no shared conversation is needed, so it works the same on Slack, Teams and locally). The sponsor and HR are
 * never told about them. Names and times only, each person reading times (and the calendar invite) in their
 * own zone.
 */
export const chemistryActions = {
  /** On the client's coach choice, per coach: the value is `engagementId:coachId`, as on the coach buttons. */
  book: 'chemistry.book',
  move: 'chemistry.move',
  cancel: 'chemistry.cancel',
  held: 'chemistry.held',
} as const satisfies Record<string, ActionId>;

/** At most this many coaches the client may have an intro call with. */
export const MAX_CHEMISTRY_CALLS = 3;

/** Minutes an intro call lasts unless the booking says otherwise. */
export const CHEMISTRY_CALL_MINUTES = 20;

/** One "Book an intro call" picker per shortlisted coach, for the client's coach-choice message. */
export function chemistryBookBlocks(engagement: Engagement, coaches: readonly Person[]): Block[] {
  const pickers = coaches.map((coach) => bookPicker(engagement, coach));
  return [
    section(
      `Not sure yet? Book a short intro call (${CHEMISTRY_CALL_MINUTES} minutes) with up to ${MAX_CHEMISTRY_CALLS} of them first. It is optional: you can choose at any time, with or without a call.`,
    ),
    { type: 'actions', elements: pickers },
  ];
}

/**
 * The client's choice again, under each intro-call message to them: one button per shortlisted coach and the
 * "Book an intro call" pickers still open (coaches without a call, while fewer than three are booked). Acting on
 * a card replaces it on Teams, so the newest message always carries the choice.
 */
export function choiceBlocks(
  engagement: Engagement,
  coaches: readonly Person[],
  calls: readonly Meeting[],
): Block[] {
  const booked = new Set(calls.map((m) => m.coachId));
  const open = calls.length < MAX_CHEMISTRY_CALLS ? coaches.filter((c) => !booked.has(c.id)) : [];
  return [
    section('Choose your coach whenever you are ready, with or without intro calls:'),
    {
      type: 'actions',
      elements: coaches.map((coach) => ({
        type: 'button' as const,
        actionId: 'coach.select' satisfies ActionId,
        label: words(coach.displayName),
        value: opaque(engagement.id, coach.id),
      })),
    },
    ...(open.length > 0
      ? [
          {
            type: 'actions' as const,
            elements: open.map((coach) => bookPicker(engagement, coach)),
          },
        ]
      : []),
  ];
}

const bookPicker = (engagement: Engagement, coach: Person): DateTimePicker => ({
  type: 'datetime',
  actionId: chemistryActions.book,
  label: words(`Book an intro call with ${coach.displayName}`),
  value: opaque(engagement.id, coach.id),
});

/** Where each side of an intro call is posted: the client's DM, and the coach's own DM with Triad. */
const toClient = (meeting: Meeting) =>
  ({ kind: 'space', engagementId: meeting.engagementId, space: 'client_dm' }) as const;
const toCoach = (meeting: Meeting, coach: Person) =>
  ({ kind: 'hr', personId: coach.id, engagementId: meeting.engagementId, privateToPerson: true }) as const;

/** The invite as one person reads it: both people invited, written in the reader's zone. */
const inviteFor = (meeting: Meeting, people: readonly Person[], reader: Person) => ({
  attendees: people,
  timeZone: reader.timeZone,
  url: meeting.videoUrl ?? undefined,
});

const at = (meeting: Meeting, person: Person) =>
  formatMeetingTime(meeting.startsAt ?? new Date(0), person.timeZone);

/** The call's controls: move it (a picker in the reader's zone), cancel it, mark it held. */
const callControls = (meeting: Meeting): Block<AdminPart> => ({
  type: 'actions',
  elements: [
    { type: 'datetime', actionId: chemistryActions.move, label: words('Move it'), value: opaque(meeting.id) },
    {
      type: 'button',
      actionId: chemistryActions.cancel,
      label: words('Cancel it'),
      value: opaque(meeting.id),
    },
    {
      type: 'button',
      actionId: chemistryActions.held,
      label: words('Mark as held'),
      value: opaque(meeting.id),
    },
  ],
});

export interface ChemistryParties {
  client: Person;
  coach: Person;
}

/** A booked or moved intro call: one message to the client, one to the coach, each with its own invite. */
export function chemistryScheduled(
  meeting: Meeting,
  { client, coach }: ChemistryParties,
  byName: string,
  change: 'booked' | 'moved',
  ambiguityNote?: string,
  choice: readonly Block[] = [],
): [PrivateMessage, AdminMessage] {
  const people = [client, coach];
  const title = `Intro call ${change}`;
  const forClient: PrivateMessage = {
    audience: 'private',
    destination: toClient(meeting),
    summary: words(`${title} with ${coach.displayName}`),
    blocks: [
      header(`${title} with ${coach.displayName}`),
      section(
        `${byName} ${change} a ${meeting.durationMinutes}-minute intro call between you and ${coach.displayName}: ${at(meeting, client)}.`,
      ),
      callControls(meeting),
      context(
        [ambiguityNote, 'Only you and the coach see this call; your sponsor and HR are not told about it.']
          .filter(Boolean)
          .join(' '),
      ),
      addToCalendarBlock(meeting, inviteFor(meeting, people, client)),
      ...choice,
    ],
    file: meetingInviteFile(meeting, inviteFor(meeting, people, client)),
  };
  const forCoach: AdminMessage = {
    audience: 'admin',
    destination: toCoach(meeting, coach),
    summary: words(`${title} with ${client.displayName}`),
    blocks: [
      header(`${title} with ${client.displayName}`),
      section(
        `${byName} ${change} a ${meeting.durationMinutes}-minute intro call between you and ${client.displayName}, who is choosing a coach from a shortlist you are on: ${at(meeting, coach)}.`,
      ),
      callControls(meeting),
      context('Only you and the client see this call; the sponsor and HR are not told about it.'),
      addToCalendarBlock(meeting, inviteFor(meeting, people, coach)),
    ],
    file: meetingInviteFile(meeting, inviteFor(meeting, people, coach)),
  };
  return [forClient, forCoach];
}

/** A cancelled intro call, to both, with the calendar cancellation. `reason` replaces "X cancelled it". */
export function chemistryCancelled(
  meeting: Meeting,
  { client, coach }: ChemistryParties,
  reason: { byName: string } | { coachChosen: true } | { ended: true },
  choice: readonly Block[] = [],
): [PrivateMessage, AdminMessage] {
  const people = [client, coach];
  const why = (other: Person) =>
    'byName' in reason
      ? `${reason.byName} cancelled the intro call`
      : `The intro call with ${other.displayName} is cancelled, as ${'ended' in reason ? 'the engagement has ended' : 'a coach has been chosen'}`;
  return [
    {
      audience: 'private',
      destination: toClient(meeting),
      summary: words(`Intro call with ${coach.displayName} cancelled`),
      blocks: [section(`${why(coach)} (${coach.displayName}, ${at(meeting, client)}).`), ...choice],
      file: meetingInviteFile(meeting, inviteFor(meeting, people, client)),
    },
    {
      audience: 'admin',
      destination: toCoach(meeting, coach),
      summary: words(`Intro call with ${client.displayName} cancelled`),
      blocks: [section(`${why(client)} (${client.displayName}, ${at(meeting, coach)}).`)],
      file: meetingInviteFile(meeting, inviteFor(meeting, people, coach)),
    },
  ];
}

/** An intro call marked held: both are told; the client is reminded the choice is theirs. */
export function chemistryHeld(
  meeting: Meeting,
  { client, coach }: ChemistryParties,
  byName: string,
  choice: readonly Block[] = [],
): [PrivateMessage, AdminMessage] {
  return [
    {
      audience: 'private',
      destination: toClient(meeting),
      summary: words(`Intro call with ${coach.displayName} held`),
      blocks: [section(`${byName} marked the intro call with ${coach.displayName} as held.`), ...choice],
    },
    {
      audience: 'admin',
      destination: toCoach(meeting, coach),
      summary: words(`Intro call with ${client.displayName} held`),
      blocks: [
        section(
          `${byName} marked the intro call with ${client.displayName} as held. ${client.displayName} chooses their coach; Triad tells you either way.`,
        ),
      ],
    },
  ];
}

/** A reminder before an intro call, to both, each in their own zone. */
export function chemistryReminder(
  meeting: Meeting & { startsAt: Date },
  { client, coach }: ChemistryParties,
  leadHours: number,
): [PrivateMessage, AdminMessage] {
  const when = leadHours >= 24 ? 'tomorrow' : 'in an hour';
  return [
    {
      audience: 'private',
      destination: toClient(meeting),
      summary: words(`Intro call with ${coach.displayName} ${when}`),
      blocks: [
        section(
          `Reminder: your ${meeting.durationMinutes}-minute intro call with ${coach.displayName} is ${when}: ${at(meeting, client)}.`,
        ),
      ],
    },
    {
      audience: 'admin',
      destination: toCoach(meeting, coach),
      summary: words(`Intro call with ${client.displayName} ${when}`),
      blocks: [
        section(
          `Reminder: your ${meeting.durationMinutes}-minute intro call with ${client.displayName} is ${when}: ${at(meeting, coach)}.`,
        ),
      ],
    },
  ];
}
