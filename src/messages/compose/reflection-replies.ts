import { type Part, privatePart } from '../../confidentiality/parts.js';
import type { PrivateText } from '../../confidentiality/private-text.js';
import { opaque, words } from '../../confidentiality/words.js';
import type { ReflectionPrompt } from '../../engagement/records.js';
import { questionText } from '../../prompts/prompt-bank.js';
import type { Block, Button, Form, PrivateMessage } from '../message.js';
import { reflectionActions } from './reflection-prompt.js';
import { context, section } from './text.js';

export const maxAnswerLength = 3000;

/** A reply only the acting client sees. */
export function clientReply(
  engagementId: string,
  clientId: string,
  summary: string,
  blocks: readonly Block<Part>[],
): PrivateMessage {
  return {
    audience: 'private',
    destination: { kind: 'reply', audience: 'private', personId: clientId, engagementId },
    summary: words(summary),
    blocks,
  };
}

/**
 * The answer form; when editing, the stored answer is its initial value, carrying the entry's readers so the
 * gate shows it to a reader only.
 */
export function reflectionAnswerForm(
  prompt: ReflectionPrompt,
  clientId: string,
  existing: { text: PrivateText; readers: readonly string[] } | undefined,
): Form<'private'> {
  return {
    audience: 'private',
    destination: {
      kind: 'reply',
      audience: 'private',
      personId: clientId,
      engagementId: prompt.engagementId,
    },
    formId: 'reflection.answer',
    title: words(existing ? 'Edit your reflection' : 'Your reflection'),
    submitLabel: words('Save'),
    context: { promptId: opaque(prompt.id) },
    intro: [
      section(questionText(prompt.questionId)),
      context('Only you can read this. It is stored encrypted in Triad.'),
    ],
    fields: [
      {
        type: 'text',
        id: 'answer',
        label: words('Your answer'),
        multiline: true,
        maxLength: maxAnswerLength,
        ...(existing ? { initial: privatePart(existing.text, prompt.engagementId, existing.readers) } : {}),
      },
    ],
  };
}

/** Confirms a saved answer without quoting it, with what the client can do next. */
export function answerSavedReply(
  prompt: ReflectionPrompt,
  clientId: string,
  options: { edited: boolean; entryId: string; hasCoach: boolean },
): PrivateMessage {
  const buttons: Button[] = [
    { type: 'button', actionId: reflectionActions.answer, label: words('Edit'), value: opaque(prompt.id) },
  ];
  if (options.hasCoach) {
    buttons.push({
      type: 'button',
      actionId: reflectionActions.shareWithCoach,
      label: words('Share with my coach'),
      value: opaque(prompt.id),
    });
  }
  buttons.push({
    type: 'button',
    actionId: reflectionActions.shareWithSponsor,
    label: words('Preview sharing with my sponsor'),
    value: opaque(options.entryId),
  });
  return clientReply(prompt.engagementId, clientId, options.edited ? 'Answer updated' : 'Answer saved', [
    section(
      options.edited
        ? 'Your answer is updated. Only you can see it.'
        : 'Thank you — your answer is saved. Only you can see it.',
    ),
    { type: 'actions', elements: buttons },
  ]);
}

/** Said once per engagement, the first time the client answers by typing in the DM. */
export const dmHistoryNotice =
  'A note on privacy: messages you type in this DM also stay in the chat platform’s history, which workspace ' +
  'administrators can export. Answers you give with the Answer button are stored only in Triad, encrypted. ' +
  'I will not mention this again.';

export function plainAnswerSavedReply(
  prompt: ReflectionPrompt,
  clientId: string,
  options: { appended: boolean; entryId: string; hasCoach: boolean; notice: boolean },
): PrivateMessage {
  const saved = answerSavedReply(prompt, clientId, {
    edited: options.appended,
    entryId: options.entryId,
    hasCoach: options.hasCoach,
  });
  const lead = section(
    options.appended
      ? 'I added your message to your answer to this week’s question.'
      : 'I saved your message as your answer to this week’s question.',
  );
  const blocks = [lead, ...saved.blocks.slice(1)];
  if (options.notice) blocks.push(context(dmHistoryNotice));
  return { ...saved, blocks };
}

export const noOpenPromptReply = (engagementId: string, clientId: string) =>
  clientReply(engagementId, clientId, 'No open question', [
    section(
      'There is no open reflection question right now, so I did not save that message. A new question comes with the next cycle.',
    ),
  ]);

export const promptUpdatedReply = (engagementId: string, clientId: string, text: string) =>
  clientReply(engagementId, clientId, text, [section(text)]);

/** The answer posted to the coaching space, shared with the coach by the client; `readers`: the entry's, coach included. */
export function answerForCoachMessage(
  prompt: ReflectionPrompt,
  clientName: string,
  answer: PrivateText,
  readers: readonly string[],
): PrivateMessage {
  return {
    audience: 'private',
    destination: { kind: 'space', engagementId: prompt.engagementId, space: 'coaching' },
    // Read by the client and the coach: "shared a reflection with you" would be wrong for one of them.
    summary: words(`${clientName} shared a reflection in your coaching space`),
    blocks: [
      section(`${clientName} shared a reflection. Question: ${questionText(prompt.questionId)}`),
      { type: 'section', text: [privatePart(answer, prompt.engagementId, readers)] },
      context('Only the two of you can see this.'),
    ],
  };
}
