import { opaque, words } from '../../confidentiality/words.js';
import type { ReflectionPrompt } from '../../engagement/records.js';
import { questionText } from '../../prompts/prompt-bank.js';
import type { Button, PrivateMessage } from '../message.js';
import { reflectionActions } from './reflection-prompt.js';
import { context, header, section } from './text.js';

/**
 * The questions around a coaching session, in the client's DM: answered, snoozed or skipped with the same
 * buttons as any reflection question, and as private (only the client reads the answer unless they share it
 * with their coach).
 */
const followUpButtons = (promptId: string): Button[] => [
  {
    type: 'button',
    actionId: reflectionActions.answer,
    label: words('Answer'),
    value: opaque(promptId),
    style: 'primary',
  },
  {
    type: 'button',
    actionId: reflectionActions.snooze,
    label: words('Snooze a day'),
    value: opaque(promptId),
  },
  { type: 'button', actionId: reflectionActions.skip, label: words('Skip'), value: opaque(promptId) },
];

const privacyLine =
  'Only you see this question and your answer. You decide whether to share your answer with your coach; ' +
  'your sponsor and HR never see it.';

/** After a session was marked held: one action-planning question. */
export function sessionActionMessage(prompt: ReflectionPrompt): PrivateMessage {
  return {
    audience: 'private',
    destination: { kind: 'space', engagementId: prompt.engagementId, space: 'client_dm' },
    summary: words('A question after your coaching session'),
    blocks: [
      header('After your coaching session'),
      section(questionText(prompt.questionId)),
      { type: 'actions', elements: followUpButtons(prompt.id) },
      context(privacyLine),
    ],
  };
}

/** Before the next session: one check-in question about the plan made after the last one. */
export function sessionCheckInMessage(prompt: ReflectionPrompt): PrivateMessage {
  return {
    audience: 'private',
    destination: { kind: 'space', engagementId: prompt.engagementId, space: 'client_dm' },
    summary: words('A check-in before your next coaching session'),
    blocks: [
      header('Before your next session'),
      section(questionText(prompt.questionId)),
      { type: 'actions', elements: followUpButtons(prompt.id) },
      context(privacyLine),
    ],
  };
}
