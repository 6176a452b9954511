import { z } from 'zod';
import { PrivateText } from '../../confidentiality/private-text.js';
import { answerSavedReply, maxAnswerLength } from '../../messages/compose/reflection-replies.js';
import { actorSchema } from '../actor.js';
import { firstTime, idSchema, limitedText, parseInput, requestKeySchema } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { saveAnswer } from './answer-store.js';
import { onClientPrompt } from './reflection-access.js';

export const answerPromptInput = z.object({
  actor: actorSchema,
  promptId: idSchema,
  text: limitedText('Your answer', maxAnswerLength),
  /** The platform's id of this submission: a retry or double submit changes nothing. */
  requestKey: requestKeySchema.optional(),
});
export type AnswerPromptInput = z.input<typeof answerPromptInput>;

/**
 * The client answers (or edits their answer to) a reflection question through the form. The answer is stored
 * encrypted, only in Triad; the confirmation does not quote it.
 */
export async function answerPrompt(raw: AnswerPromptInput, deps: CoreDeps) {
  const input = parseInput(answerPromptInput, raw);
  const text = PrivateText.of(input.text);
  return onClientPrompt(deps, input, 'answer_reflection', async (unit, { prompt, engagement }) => {
    const { repos } = unit;
    const hasCoach = engagement.coachId !== null;
    const now = deps.clock.now();
    if (input.requestKey && !(await firstTime(repos, `reflection-answer:${input.requestKey}`, now, {}))) {
      const entry = await repos.entries.findBySubject(engagement.id, 'reflection_answer', prompt.id);
      const reply = answerSavedReply(prompt, engagement.clientId, {
        edited: false,
        entryId: entry?.id ?? '',
        hasCoach,
      });
      return { entryId: entry?.id, duplicate: true, reply: await unit.reply(reply) };
    }
    const saved = await saveAnswer(unit, deps, engagement, prompt, text, 'replace');
    const reply = answerSavedReply(prompt, engagement.clientId, {
      edited: saved.edited,
      entryId: saved.entry.id,
      hasCoach,
    });
    return { entryId: saved.entry.id, duplicate: false, reply: await unit.reply(reply) };
  });
}
