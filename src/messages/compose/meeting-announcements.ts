import { logistics } from '../../confidentiality/parts.js';
import { opaque, timed, words } from '../../confidentiality/words.js';
import { formatMeetingTime } from '../../engagement/meeting-time.js';
import type { Engagement, Meeting, Person } from '../../engagement/records.js';
import type { PrivateMessage, SharedMessage } from '../message.js';
import { meetingTime } from '../time-part.js';
import { addToCalendarBlock, type InviteParties, meetingInviteFile } from './meeting-invite.js';
import { meetingLinkButton, videoLinkLine } from './meeting-link.js';
import { meetingActions, meetingName, meetingTitle } from './meeting-words.js';
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

export interface MeetingAnnouncement {
  meeting: Meeting;
  client: Person;
  /** The sponsor and the coach, named in the meeting's roles (the thread is theirs: never "the sponsor"). */
  sponsor?: Person | undefined;
  coach?: Person | undefined;
  /** Everyone invited, each shown the time in their own zone. */
  attendees: readonly Person[];
  organiserName: string;
  change: 'scheduled' | 'moved';
  ambiguityNote?: string;
  /** The meeting's video-call link or place, for the invite. */
  url?: string | undefined;
}

/** Who does what at the meeting, naming the people who read the thread (never "the sponsor", "the coach"). */
function ownerLine(a: MeetingAnnouncement): string | undefined {
  const client = a.client.displayName;
  const support = a.coach ? `, with ${a.coach.displayName}'s support` : '';
  switch (a.meeting.kind) {
    case 'kickoff':
      return a.sponsor
        ? `At the kickoff ${client} and ${a.sponsor.displayName} agree scope, roles and confidentiality; ${a.sponsor.displayName} shares expectations and desired outcomes.`
        : `At the kickoff you agree scope, roles and confidentiality, and share expectations and desired outcomes.`;
    case 'alignment':
      return `${client} leads this meeting and presents the goals they choose to share and how success will be measured${support}.`;
    case 'midpoint':
      return `${client} leads this check-in on progress${support}.`;
    case 'closing':
      return `${client} leads this meeting to reflect on progress, celebrate and plan how to sustain growth${support}.`;
    default:
      return undefined;
  }
}

export function meetingAnnounced(a: MeetingAnnouncement): SharedMessage {
  const { meeting } = a;
  const startsAt = meeting.startsAt ?? new Date(0);
  const verb = a.change === 'scheduled' ? 'scheduled' : 'moved';
  const owner = ownerLine(a);
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
    summary: timed`${meetingTitle(meeting.kind)} ${verb}: ${meetingTime(startsAt, a.client.timeZone)}`,
    blocks: [
      header(`${meetingTitle(meeting.kind)} ${verb}`),
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

/**
 * The client's DM: they own the alignment meeting, and can prepare privately first. When the client set the time
 * themselves (`byClient`), the reply to their pick already says when it is, so the note does not say it again.
 */
export function meetingOwnerNote(
  meeting: Meeting,
  client: Person,
  change: 'scheduled' | 'moved',
  byClient = false,
): PrivateMessage {
  const name = meetingName(meeting.kind);
  const when = formatMeetingTime(meeting.startsAt ?? new Date(0), client.timeZone);
  const lead =
    "You lead it, with your coach's support: you decide what you present about your goals and progress.";
  return {
    audience: 'private',
    destination: { kind: 'space', engagementId: meeting.engagementId, space: 'client_dm' },
    summary: words(
      byClient
        ? `You own your ${name}: prepare privately when you are ready`
        : `Your ${name} is ${change === 'scheduled' ? 'scheduled' : 'moved'}: ${when}`,
    ),
    blocks: [
      header(`You own your ${name}`),
      section(byClient ? lead : `It is on ${when}. ${lead}`),
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
    summary: words(`${meetingTitle(meeting.kind)} cancelled`),
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
    summary: words(`${meetingTitle(meeting.kind)} held`),
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
      return `Coaching is under way. It stays confidential: this thread hears about the mid-point check-in, the closing meeting and whatever ${client.displayName} chooses to share.`;
    case 'midpoint':
      return 'Coaching continues towards the closing alignment meeting.';
    case 'closing':
      return 'The engagement is now closed. Thank you all.';
    default:
      return '';
  }
}
