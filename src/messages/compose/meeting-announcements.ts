import { logistics } from '../../confidentiality/parts.js';
import { opaque, timed, words } from '../../confidentiality/words.js';
import { formatMeetingTime } from '../../engagement/meeting-time.js';
import type { Engagement, Meeting, Person } from '../../engagement/records.js';
import type { PrivateMessage, SharedMessage } from '../message.js';
import { meetingTime } from '../time-part.js';
import { addToCalendarBlock, type InviteParties, meetingInviteFile } from './meeting-invite.js';
import { meetingLinkButton, videoLinkLine } from './meeting-link.js';
import { meetingActions, meetingName } from './meeting-words.js';
import { context, header, section, whenLine } from './text.js';

/**
 * Kickoff and alignment meetings in the sponsor space, each in its own thread, with the time shown in each
 * person's own zone; and the client's private note that they own the meeting. Names and times only.
 */
const thread = (meeting: Meeting) =>
  ({
    kind: 'space',
    engagementId: meeting.engagementId,
    space: 'sponsor',
    threadMeetingId: meeting.id,
  }) as const;

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export interface MeetingAnnouncement {
  meeting: Meeting;
  client: Person;
  /** Everyone invited, each shown the time in their own zone. */
  attendees: readonly Person[];
  organiserName: string;
  change: 'scheduled' | 'moved';
  ambiguityNote?: string;
  /** The meeting's video-call link or place, for the invite. */
  url?: string | undefined;
}

function ownerLine(meeting: Meeting, client: Person): string | undefined {
  switch (meeting.kind) {
    case 'kickoff':
      return `At the kickoff ${client.displayName} and the sponsor agree scope, roles and confidentiality; the sponsor shares expectations and desired outcomes.`;
    case 'alignment':
      return `${client.displayName} leads this meeting and presents the goals they choose to share and how success will be measured; the coach supports.`;
    case 'midpoint':
      return `${client.displayName} leads this check-in on progress; the coach supports.`;
    case 'closing':
      return `${client.displayName} leads this meeting to reflect on progress, celebrate and plan how to sustain growth; the coach supports.`;
    default:
      return undefined;
  }
}

export function meetingAnnounced(a: MeetingAnnouncement): SharedMessage {
  const { meeting } = a;
  const startsAt = meeting.startsAt ?? new Date(0);
  const verb = a.change === 'scheduled' ? 'scheduled' : 'moved';
  const owner = ownerLine(meeting, a.client);
  const notes = [
    ...(a.ambiguityNote ? [a.ambiguityNote] : []),
    'Times are shown in each person’s own time zone.',
  ];
  // The invite is written in the client's zone: they own the meeting; calendars convert for everyone else.
  const parties = { attendees: a.attendees, timeZone: a.client.timeZone, url: meeting.videoUrl ?? a.url };
  return {
    audience: 'shared',
    destination: thread(meeting),
    // Each reader sees the time in their own zone, the notification too; elsewhere, the client's (they own it).
    summary: timed`${capitalise(meetingName(meeting.kind))} ${verb}: ${meetingTime(startsAt, a.client.timeZone)}`,
    blocks: [
      header(`${capitalise(meetingName(meeting.kind))} ${verb}`),
      section(
        `${a.organiserName} ${verb} the ${meetingName(meeting.kind)} (${meeting.durationMinutes} minutes).`,
      ),
      whenLine(startsAt, a.client.timeZone),
      {
        type: 'fields',
        fields: a.attendees.map((person) => ({
          label: words(person.displayName),
          value: [logistics(formatMeetingTime(startsAt, person.timeZone))],
        })),
      },
      ...videoLinkLine(meeting),
      ...(owner ? [section(owner)] : []),
      {
        type: 'actions',
        elements: [
          {
            type: 'datetime',
            actionId: meetingActions.reschedule,
            label: words('Move it'),
            value: opaque(meeting.id),
          },
          {
            type: 'button',
            actionId: meetingActions.cancel,
            label: words('Cancel it'),
            value: opaque(meeting.id),
          },
          {
            type: 'button',
            actionId: meetingActions.held,
            label: words('Mark as held'),
            value: opaque(meeting.id),
          },
          meetingLinkButton(meeting),
        ],
      },
      context(notes.join(' ')),
      addToCalendarBlock(meeting, parties),
    ],
    file: meetingInviteFile(meeting, parties),
  };
}

/** The client's DM: they own the alignment meeting, and can prepare privately first. */
export function meetingOwnerNote(
  meeting: Meeting,
  client: Person,
  change: 'scheduled' | 'moved',
): PrivateMessage {
  const when = formatMeetingTime(meeting.startsAt ?? new Date(0), client.timeZone);
  return {
    audience: 'private',
    destination: { kind: 'space', engagementId: meeting.engagementId, space: 'client_dm' },
    summary: words(
      `Your ${meetingName(meeting.kind)} is ${change === 'scheduled' ? 'scheduled' : 'moved'}: ${when}`,
    ),
    blocks: [
      header(`You own your ${meetingName(meeting.kind)}`),
      section(
        `It is on ${when}. You lead it, with your coach's support: you decide what you present about your goals and progress.`,
      ),
      section(
        'Prepare here first, in private: nothing you write while preparing is shared with anyone unless you choose to share it, after seeing exactly what would be posted.',
      ),
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

/** The cancel, with the invite's cancellation (same UID, METHOD:CANCEL) so calendars drop the event. */
export function meetingCancelled(meeting: Meeting, byName: string, parties: InviteParties): SharedMessage {
  return {
    audience: 'shared',
    destination: thread(meeting),
    summary: words(`${capitalise(meetingName(meeting.kind))} cancelled`),
    blocks: [
      section(
        `${byName} cancelled the ${meetingName(meeting.kind)}. Anyone in the triad can schedule it again.`,
      ),
      {
        type: 'actions',
        elements: [
          {
            type: 'datetime',
            actionId: meetingActions.schedule,
            label: words('Schedule again'),
            value: opaque(meeting.id),
          },
        ],
      },
    ],
    file: meetingInviteFile(meeting, parties),
  };
}

/** A meeting was held; `followUps` are unscheduled meetings that can be scheduled next, each with a picker. */
export function meetingHeld(
  meeting: Meeting,
  byName: string,
  next: string,
  followUps: readonly Meeting[] = [],
): SharedMessage {
  return {
    audience: 'shared',
    destination: thread(meeting),
    summary: words(`${capitalise(meetingName(meeting.kind))} held`),
    blocks: [
      section(`${byName} marked the ${meetingName(meeting.kind)} as held. ${next}`),
      ...(followUps.length > 0
        ? [
            {
              type: 'actions' as const,
              elements: followUps.map((m) => ({
                type: 'datetime' as const,
                actionId: meetingActions.schedule,
                label: words(`Schedule the ${meetingName(m.kind)}`),
                value: opaque(m.id),
              })),
            },
          ]
        : []),
    ],
  };
}

/** What comes after a meeting is held, in the words of the sponsor thread. */
export function afterHeldWords(
  meeting: Meeting,
  engagement: Engagement,
  client: Person,
  nextAlignment: Meeting | undefined,
): string {
  switch (meeting.kind) {
    case 'kickoff':
      return engagement.stage === 'coach_matching'
        ? `Next: ${client.displayName} chooses a coach from the shortlist.`
        : `Next: the sponsor alignment meeting${nextAlignment?.status === 'scheduled' ? ', already scheduled' : ''}.`;
    case 'alignment':
      return `Coaching is under way. ${client.displayName}'s coaching stays confidential; this thread hears about the mid-point check-in, the closing meeting and whatever ${client.displayName} chooses to share.`;
    case 'midpoint':
      return 'Coaching continues towards the closing alignment meeting.';
    case 'closing':
      return 'The engagement is now closed. Thank you all.';
    default:
      return '';
  }
}
