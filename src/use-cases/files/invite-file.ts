import { words } from '../../confidentiality/words.js';
import type { Meeting, Person } from '../../engagement/records.js';
import { meetingInviteFile } from '../../messages/compose/meeting-invite.js';
import type { Attachment } from '../../messages/message.js';
import type { Unit } from '../../outbox/unit.js';
import type { Repositories } from '../../ports/repositories.js';
import { inviteAttendees } from '../meetings/meeting-access.js';
import { loadTriad, type Triad } from '../shared/engagement-access.js';

/** Who a meeting's invite is for: an intro call's client and coach, a session's pair, or the triad. */
async function attendeesWithCall(repos: Repositories, meeting: Meeting, triad: Triad): Promise<Person[]> {
  if (meeting.kind !== 'chemistry') return inviteAttendees(meeting, triad);
  const coach = meeting.coachId ? await repos.people.get(meeting.coachId) : undefined;
  return coach ? [triad.client, coach] : [triad.client];
}

/**
 * A meeting's invite for one of its attendees, made from the meeting as it is now: a moved meeting gives its new
 * time and SEQUENCE, a cancelled one METHOD:CANCEL. The file is written in that attendee's zone. Undefined when the
 * person is not (or no longer) one of the meeting's attendees, when anyone the link was made alongside has left
 * the meeting (links sit in a chat they were in), the meeting has no time, or its engagement's data is purged. The file passes the outbound gate as a reply to that attendee.
 */
export async function makeInvite(
  unit: Unit,
  ids: { meetingId: string; personId: string; attendeeIds: readonly string[] },
): Promise<Attachment | undefined> {
  const found = await inviteReaders(unit.repos, ids.meetingId);
  if (!found) return undefined;
  const { meeting, readers: attendees } = found;
  const reader = attendees.find((person) => person.id === ids.personId);
  // Someone who was an attendee when the link was made no longer is (a coach replaced): they may hold it.
  const current = new Set(attendees.map((person) => person.id));
  if (!reader || !ids.attendeeIds.every((id) => current.has(id))) return undefined;
  const file = meetingInviteFile(meeting, {
    attendees,
    timeZone: reader.timeZone,
    url: meeting.videoUrl ?? undefined,
  });
  const reply = await unit.reply({
    audience: 'private',
    destination: { kind: 'reply', audience: 'private', personId: reader.id },
    summary: words('Calendar invite'),
    blocks: [],
    file,
  });
  return reply.file;
}

/** The people a meeting's invite links are made for (ids and names), in the order the invite lists them. */
export async function inviteReaders(repos: Repositories, meetingId: string) {
  const meeting = await repos.meetings.get(meetingId);
  const engagement = meeting && (await repos.engagements.get(meeting.engagementId));
  if (!meeting?.startsAt || !engagement || engagement.purgedAt !== null) return undefined;
  return {
    meeting,
    readers: await attendeesWithCall(repos, meeting, await loadTriad(repos, engagement)),
  };
}
