import { privatePart } from '../../confidentiality/parts.js';
import type { PrivateText } from '../../confidentiality/private-text.js';
import { opaque, words } from '../../confidentiality/words.js';
import type { ActionId, FormId } from '../../controls/controls.js';
import type { Meeting } from '../../engagement/records.js';
import type { Form, PrivateMessage } from '../message.js';
import { meetingName } from './meeting-words.js';
import { clientReply } from './reflection-replies.js';
import { context, section } from './text.js';

export const preparationActions = {
  open: 'meeting.prepare',
  save: 'meeting.prepare.save',
} as const satisfies { open: ActionId; save: FormId };

/**
 * Questions to prepare an alignment meeting the client owns, from the partnership questions: what the client
 * wants from it, what they will present, how success will be measured, what support they need.
 */
const questionsFor: Record<'alignment' | 'midpoint' | 'closing', string[]> = {
  alignment: [
    'Which of your goals do you want to present to your sponsor?',
    'How will success be measured, in words your sponsor will recognise?',
    'What support do you need from your sponsor?',
  ],
  midpoint: [
    'How are you progressing towards your goals?',
    'What is getting in the way, and what support do you need?',
    'What do you want your sponsor to notice or give feedback on?',
  ],
  closing: [
    'What have you learned during the engagement?',
    'What progress do you want to celebrate?',
    'How will you keep yourself motivated and sustain your growth?',
  ],
};

export function preparationForm(
  meeting: Meeting,
  clientId: string,
  maxLength: number,
  /** The stored notes and the entry's readers (the gate shows them to a reader only). */
  existing?: { text: PrivateText; readers: readonly string[] },
): Form<'private'> {
  const kind = meeting.kind === 'midpoint' || meeting.kind === 'closing' ? meeting.kind : 'alignment';
  return {
    audience: 'private',
    destination: {
      kind: 'reply',
      audience: 'private',
      personId: clientId,
      engagementId: meeting.engagementId,
    },
    formId: preparationActions.save,
    title: words('Prepare privately'),
    submitLabel: words('Save privately'),
    context: { meetingId: opaque(meeting.id) },
    intro: [
      section(
        `You own the ${meetingName(meeting.kind)}. These notes are only for you; nobody else sees them.`,
      ),
      ...questionsFor[kind].map((question) => context(`• ${question}`)),
    ],
    fields: [
      {
        type: 'text',
        id: 'notes',
        label: words('Your preparation notes'),
        multiline: true,
        maxLength,
        ...(existing ? { initial: privatePart(existing.text, meeting.engagementId, existing.readers) } : {}),
      },
    ],
  };
}

export function preparationSavedReply(meeting: Meeting, clientId: string): PrivateMessage {
  return clientReply(meeting.engagementId, clientId, 'Preparation saved', [
    section(
      `Your notes for the ${meetingName(meeting.kind)} are saved privately. To share a goal with your sponsor, preview it from your goals first.`,
    ),
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          actionId: preparationActions.open,
          label: words('Edit my notes'),
          value: opaque(meeting.id),
        },
      ],
    },
  ]);
}
