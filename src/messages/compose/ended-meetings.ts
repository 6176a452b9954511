import { words } from '../../confidentiality/words.js';
import type { Meeting, Person } from '../../engagement/records.js';
import type { PrivateMessage, SharedMessage } from '../message.js';
import { meetingInviteFile } from './meeting-invite.js';
import { meetingName, meetingTitle } from './meeting-words.js';
import { section } from './text.js';

/**
 * A meeting still scheduled when its engagement ended (HR's end, the closing meeting held): its invite's
 * cancellation (same UID, raised SEQUENCE, METHOD:CANCEL) goes where its invite went — the meeting's sponsor
 * thread, or the coaching space for a session — so calendars drop the event. `attendees` are the people the
 * invite was for (the client first); the file is written in the client's zone, as the invite was.
 */
export function meetingEndedWithEngagement(
  meeting: Meeting,
  attendees: readonly Person[],
): SharedMessage | PrivateMessage {
  const name = meetingName(meeting.kind);
  const parties = { attendees, timeZone: attendees[0]?.timeZone ?? 'UTC' };
  const body = {
    summary: words(`${meetingTitle(meeting.kind)} cancelled`),
    blocks: [
      section(
        `The engagement has ended, so the ${name} is cancelled. The attached invite removes it from calendars.`,
      ),
    ],
    file: meetingInviteFile(meeting, parties),
  };
  if (meeting.kind === 'session') {
    return {
      audience: 'private',
      destination: { kind: 'space', engagementId: meeting.engagementId, space: 'coaching' },
      ...body,
    };
  }
  return {
    audience: 'shared',
    destination: {
      kind: 'space',
      engagementId: meeting.engagementId,
      space: 'sponsor',
      threadMeetingId: meeting.id,
    },
    ...body,
  };
}
