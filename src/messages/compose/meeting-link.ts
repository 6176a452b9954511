import { logistics } from '../../confidentiality/parts.js';
import { opaque, words } from '../../confidentiality/words.js';
import type { ActionId, FormId } from '../../controls/controls.js';
import type { Meeting } from '../../engagement/records.js';
import type { Audience, Button, Form, OutboundMessage } from '../message.js';
import { meetingName } from './meeting-words.js';
import { context, section } from './text.js';

export const meetingLinkActions = {
  open: 'meeting.link',
  save: 'meeting.link.save',
} as const satisfies { open: ActionId; save: FormId };

/** "Add a video link" (or "Change the video link") on a meeting's or session's message: the meeting id only. */
export const meetingLinkButton = (meeting: Meeting): Button => ({
  type: 'button',
  actionId: meetingLinkActions.open,
  label: words(meeting.videoUrl ? 'Change the video link' : 'Add a video link'),
  value: opaque(meeting.id),
});

/** The video link as its participants read it on a meeting's messages, when there is one. */
export const videoLinkLine = (meeting: Meeting) =>
  meeting.videoUrl ? [section(`Video call: ${meeting.videoUrl}`)] : [];

/** The form for whoever arranges the meeting: one https link, pre-filled with the current one. */
export function meetingLinkForm(meeting: Meeting, personId: string, audience: Audience): Form {
  return {
    audience,
    destination: { kind: 'reply', audience, personId, engagementId: meeting.engagementId },
    formId: meetingLinkActions.save,
    title: words('Video link'),
    submitLabel: words('Save the link'),
    context: { meetingId: opaque(meeting.id) },
    intro: [section(`The video-call link for the ${meetingName(meeting.kind)}, shown to everyone invited.`)],
    fields: [
      {
        type: 'text',
        id: 'url',
        label: words('Link (https://…)'),
        multiline: false,
        maxLength: 500,
        ...(meeting.videoUrl ? { initial: logistics(meeting.videoUrl) } : {}),
      },
    ],
  };
}

/**
 * The link, posted where the meeting lives: a triad meeting's sponsor thread, or the coaching space for a
 * session (never to the sponsor or HR).
 */
export function meetingLinkPosted(meeting: Meeting, byName: string): OutboundMessage {
  const name = meetingName(meeting.kind);
  const blocks = [
    section(`${byName} added the video link for the ${name}.`),
    ...videoLinkLine(meeting),
    context('Use it to join at the meeting’s time.'),
  ];
  const summary = words(`Video link for the ${name}`);
  if (meeting.kind === 'session') {
    return {
      audience: 'private',
      destination: { kind: 'space', engagementId: meeting.engagementId, space: 'coaching' },
      summary,
      blocks,
    };
  }
  return {
    audience: 'shared',
    destination: {
      kind: 'space',
      engagementId: meeting.engagementId,
      space: 'sponsor',
      threadMeetingId: meeting.id,
      threadRole: 'note',
    },
    summary,
    blocks,
  };
}
