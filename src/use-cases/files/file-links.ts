import { endOf } from '../../calendar/invite.js';
import type { FileOrigin } from '../../messages/message.js';
import type { CoreDeps } from '../deps.js';
import type { FileLinkDeps } from './download-file.js';
import { INVITE_LINK_GRACE_HOURS, issueFileToken, REPORT_LINK_MINUTES } from './file-tokens.js';
import { inviteReaders } from './invite-file.js';

/** A download link's button: its label (logistics) and the token the link carries. */
export interface FileLink {
  label: string;
  token: string;
}

const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);

/**
 * The download links of a message's file, for a platform that delivers files as links (Teams): one for the report
 * (the HR user who asked); one per attendee for a meeting's invite — each names that
 * attendee, is written in their zone and works while they are one of the meeting's attendees. None when the file
 * can no longer be made (a meeting gone, an engagement purged).
 */
export async function fileLinks(
  origin: FileOrigin,
  deps: Pick<CoreDeps, 'clock' | 'uow'> & FileLinkDeps,
): Promise<FileLink[]> {
  const now = deps.clock.now();
  switch (origin.kind) {
    case 'report':
      return [
        {
          label: `Download the report (link valid for ${REPORT_LINK_MINUTES} minutes)`,
          token: issueFileToken(
            {
              kind: 'report',
              organisationId: origin.organisationId,
              platformUserId: origin.platformUserId,
              expires: minutes(now, REPORT_LINK_MINUTES),
            },
            deps.signer,
          ),
        },
      ];
    case 'invite': {
      const found = await inviteReaders(deps.uow.read, origin.meetingId);
      if (!found?.meeting.startsAt) return [];
      const { meeting, readers } = found;
      const end = endOf({ startsAt: meeting.startsAt ?? now, durationMinutes: meeting.durationMinutes });
      // Until a day after the meeting ends, and a day at least (a cancellation posted after the meeting's time).
      const expires = minutes(new Date(Math.max(end.getTime(), now.getTime())), INVITE_LINK_GRACE_HOURS * 60);
      return readers.map((reader) => ({
        label: `Calendar file for ${reader.displayName}`,
        token: issueFileToken(
          {
            kind: 'invite',
            meetingId: meeting.id,
            personId: reader.id,
            attendeeIds: readers.map((person) => person.id),
            expires,
          },
          deps.signer,
        ),
      }));
    }
  }
}
