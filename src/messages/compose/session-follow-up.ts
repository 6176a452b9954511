import type { ReflectionPrompt } from '../../engagement/records.js';
import type { PrivateMessage } from '../message.js';
import { promptButtons, questionMessage } from './reflection-prompt.js';

/**
 * The questions around a coaching session, in the client's DM: answered, snoozed or skipped with the same
 * buttons as any reflection question, and as private (only the client reads the answer unless they share it
 * with their coach).
 */
const privacy =
  'Only you see this question and your answer. You decide whether to share your answer with your coach; ' +
  'your sponsor and HR never see it.';

/** After a session was marked held: one action-planning question. */
export function sessionActionMessage(prompt: ReflectionPrompt): PrivateMessage {
  return questionMessage(
    prompt,
    { summary: 'A question after your coaching session', title: 'After your coaching session', privacy },
    promptButtons(prompt.id, 'Skip'),
  );
}

/** Before the next session: one check-in question about the plan made after the last one. */
export function sessionCheckInMessage(prompt: ReflectionPrompt): PrivateMessage {
  return questionMessage(
    prompt,
    { summary: 'A check-in before your next coaching session', title: 'Before your next session', privacy },
    promptButtons(prompt.id, 'Skip'),
  );
}
