import { privatePart } from '../../confidentiality/parts.js';
import type { PrivateText } from '../../confidentiality/private-text.js';
import { opaque, words } from '../../confidentiality/words.js';
import type { ActionId, FormId } from '../../controls/controls.js';
import type { Meeting } from '../../engagement/records.js';
import type { Block, Button, Form, PrivateMessage } from '../message.js';
import { goalActions } from './goal-replies.js';
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

/** A goal or assessment insight offered while preparing: its entry and the text the sponsor would read if shared. */
export interface OfferedEntry {
  entryId: string;
  kind: 'goal' | 'insight';
  text: PrivateText;
}

/** The client's goals and insights, listed for them alone (readers: the client), to choose what to present. */
function offeredBlocks(engagementId: string, clientId: string, offered: readonly OfferedEntry[]): Block[] {
  if (offered.length === 0) return [];
  return [
    section(
      'Your goals and assessment insights, each as your sponsor would read it if you shared it. Nothing is shared from here: save your notes, then preview the ones you want to present.',
    ),
    ...offered.map(
      (entry): Block => ({ type: 'section', text: [privatePart(entry.text, engagementId, [clientId])] }),
    ),
  ];
}

/** "Preview sharing" for each goal and insight offered, numbered as the form listed them. */
function offeredButtons(offered: readonly OfferedEntry[]): Button[] {
  const counts = { goal: 0, insight: 0 };
  return offered.map((entry) => {
    counts[entry.kind] += 1;
    return {
      type: 'button',
      actionId: goalActions.preview,
      label: words(`Preview sharing ${entry.kind} ${counts[entry.kind]}`),
      value: opaque(entry.entryId),
    };
  });
}

export function preparationForm(
  meeting: Meeting,
  clientId: string,
  maxLength: number,
  /** The stored notes and the entry's readers (the gate shows them to a reader only). */
  existing?: { text: PrivateText; readers: readonly string[] },
  /** The client's goals and insights, offered to present. */
  offered: readonly OfferedEntry[] = [],
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
      ...offeredBlocks(meeting.engagementId, clientId, offered),
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

export function preparationSavedReply(
  meeting: Meeting,
  clientId: string,
  offered: readonly OfferedEntry[] = [],
): PrivateMessage {
  return clientReply(meeting.engagementId, clientId, 'Preparation saved', [
    section(
      `Your notes for the ${meetingName(meeting.kind)} are saved privately. To share a goal or an assessment insight with your sponsor, preview it first.`,
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
        ...offeredButtons(offered),
      ],
    },
  ]);
}
