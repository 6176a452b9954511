import { opaque, words } from '../../confidentiality/words.js';
import type { ActionId } from '../../controls/controls.js';
import type { ReflectionPrompt } from '../../engagement/records.js';
import { questionText } from '../../prompts/prompt-bank.js';
import type { Button, PrivateMessage } from '../message.js';
import { context, header, section } from './text.js';

/** Action ids of the prompt buttons; each button's value is the prompt id and nothing else. */
export const reflectionActions = {
  answer: 'reflection.answer',
  snooze: 'reflection.snooze',
  skip: 'reflection.skip',
  shareWithCoach: 'reflection.share_with_coach',
  shareWithSponsor: 'release.preview',
  rhythm: 'reflection.rhythm',
} as const satisfies Record<string, ActionId>;

/** Answer, snooze and skip (`skipLabel`: a weekly question is skipped "this week"). */
export const promptButtons = (promptId: string, skipLabel = 'Skip this week'): Button[] => [
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
  {
    type: 'button',
    actionId: reflectionActions.skip,
    label: words(skipLabel),
    value: opaque(promptId),
  },
];

/** "Change day/time": the client picks when their question arrives (on the prompt itself, not on nudges). */
const rhythmButton = (promptId: string): Button => ({
  type: 'button',
  actionId: reflectionActions.rhythm,
  label: words('Change day/time'),
  value: opaque(promptId),
});

const privacyLine =
  'Only you see this question and your answer. Answers given with the Answer button are stored only in Triad, ' +
  'encrypted; you decide whether to share one with your coach.';

/** A question in the client's DM (bot-composed: logistics): its heading, the question, its buttons, a privacy line. */
export function questionMessage(
  prompt: ReflectionPrompt,
  { summary, title, privacy }: { summary: string; title: string; privacy: string },
  buttons: readonly Button[],
): PrivateMessage {
  return {
    audience: 'private',
    destination: { kind: 'space', engagementId: prompt.engagementId, space: 'client_dm' },
    summary: words(summary),
    blocks: [
      header(title),
      section(questionText(prompt.questionId)),
      { type: 'actions', elements: [...buttons] },
      context(privacy),
    ],
  };
}

/** The weekly reflection question in the client's DM. */
export function reflectionPromptMessage(prompt: ReflectionPrompt): PrivateMessage {
  return questionMessage(
    prompt,
    { summary: 'Your reflection question for this week', title: 'Reflection time', privacy: privacyLine },
    [...promptButtons(prompt.id), rhythmButton(prompt.id)],
  );
}

/** The one gentle reminder (after the nudge delay, or when a snooze ends). */
export function reflectionNudgeMessage(prompt: ReflectionPrompt, afterSnooze: boolean): PrivateMessage {
  return {
    audience: 'private',
    destination: { kind: 'space', engagementId: prompt.engagementId, space: 'client_dm' },
    summary: words('A gentle reminder about your reflection question'),
    blocks: [
      section(
        afterSnooze
          ? 'Here is the reflection question you snoozed yesterday:'
          : 'A gentle reminder, in case this week got busy. No pressure: skipping is fine too.',
      ),
      section(questionText(prompt.questionId)),
      { type: 'actions', elements: promptButtons(prompt.id) },
    ],
  };
}
