import { opaque, words } from '../../confidentiality/words.js';
import type { Meeting, Person } from '../../engagement/records.js';
import type { SharedMessage } from '../message.js';
import { meetingActions, meetingName } from './meeting-words.js';
import { notifying, section } from './text.js';

/**
 * The triad is reminded, in the sponsor space, to schedule the mid-point or closing meeting; the sponsor is
 * named so the reminder notifies them whatever their channel settings.
 */
export function scheduleMeetingReminder(
  meeting: Meeting,
  clientName: string,
  sponsor?: Person,
): SharedMessage {
  const name = meetingName(meeting.kind);
  const why =
    meeting.kind === 'midpoint'
      ? `The engagement is at half-time: a good moment for the ${name}, where ${clientName} reviews progress so far.`
      : `The engagement is nearing its end: time to set the ${name}, where ${clientName} reflects on progress, celebrates and plans how to sustain growth.`;
  return {
    audience: 'shared',
    destination: { kind: 'space', engagementId: meeting.engagementId, space: 'sponsor' },
    summary: words(`Time to schedule the ${name}`),
    ...(sponsor ? { notify: notifying([sponsor]) } : {}),
    blocks: [
      section(`${why} It is not scheduled yet.`),
      {
        type: 'actions',
        elements: [
          {
            type: 'datetime',
            actionId: meetingActions.schedule,
            label: words(`Schedule the ${name}`),
            value: opaque(meeting.id),
          },
        ],
      },
    ],
  };
}
