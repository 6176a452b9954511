import { z } from 'zod';
import { entryRow } from '../../confidentiality/sealed-rows.js';
import { reflectionAnswerForm } from '../../messages/compose/reflection-replies.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import { idSchema, openPrivate, parseInput, requireWritable } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { promptForClient } from './reflection-access.js';

export const openAnswerFormInput = z.object({ actor: actorSchema, promptId: idSchema });
export type OpenAnswerFormInput = z.input<typeof openAnswerFormInput>;

/** The client opens the answer form (Answer / Edit button); an earlier answer is pre-filled, for them only. */
export async function openAnswerForm(raw: OpenAnswerFormInput, deps: CoreDeps) {
  const input = parseInput(openAnswerFormInput, raw);
  return inTransaction(deps, async (unit) => {
    const resolved = await resolveActor(unit.repos, deps, input.actor);
    const { prompt, engagement } = await promptForClient(
      unit.repos,
      resolved,
      input.promptId,
      'answer their reflection questions',
    );
    requireWritable(engagement);
    const entry = await unit.repos.entries.findBySubject(engagement.id, 'reflection_answer', prompt.id);
    const existing = entry ? openPrivate(deps.cipher, entry, entryRow(entry)) : undefined;
    return { form: await unit.reply(reflectionAnswerForm(prompt, engagement.clientId, existing)) };
  });
}
