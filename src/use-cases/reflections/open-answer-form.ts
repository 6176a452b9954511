import { z } from 'zod';
import { entryRow } from '../../confidentiality/sealed-rows.js';
import { reflectionAnswerForm } from '../../messages/compose/reflection-replies.js';
import { mayRead } from '../../policy/readers.js';
import { actorSchema } from '../actor.js';
import { idSchema, openPrivate, parseInput } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { onClientPrompt } from './reflection-access.js';

export const openAnswerFormInput = z.object({ actor: actorSchema, promptId: idSchema });
export type OpenAnswerFormInput = z.input<typeof openAnswerFormInput>;

/** The client opens the answer form (Answer / Edit button); an earlier answer is pre-filled, for them only. */
export async function openAnswerForm(raw: OpenAnswerFormInput, deps: CoreDeps) {
  const input = parseInput(openAnswerFormInput, raw);
  return onClientPrompt(deps, input, 'answer_reflection', async (unit, { prompt, engagement, resolved }) => {
    const entry = await unit.repos.entries.findBySubject(engagement.id, 'reflection_answer', prompt.id);
    // Pre-filled only for a reader of the entry (the policy, not the button, decides).
    const existing =
      entry && mayRead(resolved.person?.id, entry)
        ? { text: openPrivate(deps.cipher, entry, entryRow(entry)), readers: entry.readers }
        : undefined;
    return { form: await unit.reply(reflectionAnswerForm(prompt, engagement.clientId, existing)) };
  });
}
