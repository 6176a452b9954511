import { logistics } from '../../confidentiality/parts.js';
import { opaque, words } from '../../confidentiality/words.js';
import type { ActionId, FormId } from '../../controls/controls.js';
import type { Engagement } from '../../engagement/records.js';
import type { Form, PrivateMessage } from '../message.js';
import { clientReply } from './reflection-replies.js';
import { context, section } from './text.js';

export const rhythmActions = {
  open: 'reflection.rhythm',
  save: 'reflection.rhythm.save',
} as const satisfies { open: ActionId; save: FormId };

/** ISO weekdays 1 (Monday) … 5 (Friday): prompts go out on working days only. */
export const weekdayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] as const;

export const weekdayName = (weekday: number) => weekdayNames[weekday - 1] ?? 'Monday';

/** The client's form: the weekday and local time of their reflection question, pre-set to the current ones. */
export function rhythmForm(engagement: Engagement, promptId: string): Form<'private'> {
  return {
    audience: 'private',
    destination: {
      kind: 'reply',
      audience: 'private',
      personId: engagement.clientId,
      engagementId: engagement.id,
    },
    formId: rhythmActions.save,
    title: words('When your question arrives'),
    submitLabel: words('Save'),
    context: { promptId: opaque(promptId) },
    intro: [
      section(
        `Your reflection question arrives on ${weekdayName(engagement.promptWeekday)} at ${engagement.promptTime}, your time. Pick the working day and time that suit you.`,
      ),
    ],
    fields: [
      {
        type: 'choice',
        id: 'weekday',
        label: words('Day'),
        options: weekdayNames.map((name, index) => ({
          label: words(name),
          value: opaque(String(index + 1)),
        })),
        initial: opaque(String(engagement.promptWeekday)),
      },
      {
        type: 'text',
        id: 'time',
        label: words('Time (HH:mm, 24-hour)'),
        multiline: false,
        maxLength: 5,
        initial: logistics(engagement.promptTime),
      },
    ],
  };
}

/** The answer once saved, with when the next question comes. */
export function rhythmSavedReply(engagement: Engagement, next: string | null): PrivateMessage {
  const when = `${weekdayName(engagement.promptWeekday)}s at ${engagement.promptTime}, your time`;
  return clientReply(engagement.id, engagement.clientId, 'Reflection time saved', [
    section(`Your reflection question now arrives on ${when}.`),
    ...(next ? [context(`The next one: ${next}.`)] : []),
  ]);
}
