import { buildInvite, calendarLinks, type InviteInput } from '../../calendar/invite.js';
import { type LogisticsPart, logistics } from '../../confidentiality/parts.js';
import { opaque } from '../../confidentiality/words.js';
import type { Meeting, Person } from '../../engagement/records.js';
import { friendlyZoneName } from '../../engagement/zone-name.js';
import type { Attachment, Block } from '../message.js';
import { meetingTitle } from './meeting-words.js';

/** Who a meeting's invite is for: everyone invited, and whose zone the times are written in. */
export interface InviteParties {
  /** The meeting's participants (the triad for alignment meetings, client and coach for sessions). */
  attendees: readonly Person[];
  /** The zone the file is written in: the client's, who owns the meeting and reads every space it goes to. */
  timeZone: string;
  /** A video-call link or place for the meeting, when one was given. */
  url?: string | undefined;
}

/** The invite's input from the meeting: names, kind and time only (logistics), never what anyone wrote. */
export function inviteInput(meeting: Meeting, parties: InviteParties): InviteInput {
  const title = meetingTitle(meeting.kind);
  const names = parties.attendees.map((p) => p.displayName).join(', ');
  const organiser = parties.attendees.find((p) => p.id === meeting.organiserId);
  return {
    meetingId: meeting.id,
    version: meeting.version,
    startsAt: meeting.startsAt ?? new Date(0),
    durationMinutes: meeting.durationMinutes,
    title,
    description: `${title} with ${names}, arranged in Triad. Any change is posted where this invite was.`,
    timeZone: parties.timeZone,
    organiser: organiser ? { id: organiser.id, name: organiser.displayName } : { id: 'triad', name: 'Triad' },
    attendees: parties.attendees.map((p) => ({ id: p.id, name: p.displayName })),
    cancelled: meeting.status === 'cancelled',
    changedAt: meeting.updatedAt,
    url: parties.url,
  };
}

/** The .ics file of a meeting's current state: a request while it is scheduled, a cancel once cancelled. */
export function meetingInviteFile(meeting: Meeting, parties: InviteParties): Attachment<LogisticsPart> {
  const name = `triad-${meeting.kind}${meeting.status === 'cancelled' ? '-cancelled' : ''}.ics`;
  const invite = buildInvite(inviteInput(meeting, parties), name);
  return {
    name: invite.name,
    mimeType: 'text/calendar',
    content: [logistics(invite.text)],
    origin: { kind: 'invite', meetingId: opaque(meeting.id) },
  };
}

/** "Add to Google Calendar" / "Add to Outlook" beside the file, for a scheduled meeting. */
export function addToCalendarBlock(meeting: Meeting, parties: InviteParties) {
  const links = calendarLinks(inviteInput(meeting, parties));
  return {
    type: 'context',
    text: [
      logistics(
        `Calendar invite attached, in ${friendlyZoneName(parties.timeZone)}. Add to Google Calendar: ${links.google} · Add to Outlook: ${links.outlook}`,
      ),
    ],
  } as const satisfies Block;
}
