import { z } from 'zod';
import { TriadError } from '../../errors.js';
import { promptUpdatedReply } from '../../messages/compose/reflection-replies.js';
import { actorSchema } from '../actor.js';
import { idSchema, parseInput } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { onClientPrompt } from './reflection-access.js';

export const skipPromptInput = z.object({ actor: actorSchema, promptId: idSchema });
export type SkipPromptInput = z.input<typeof skipPromptInput>;

/** The client skips this week's question: no reminder follows. Skipping twice is a no-op. */
export async function skipPrompt(raw: SkipPromptInput, deps: CoreDeps) {
  const input = parseInput(skipPromptInput, raw);
  return onClientPrompt(deps, input, 'skip_reflection', async (unit, { prompt, engagement }) => {
    if (prompt.status === 'answered') {
      throw new TriadError('conflict', 'You already answered this question; there is nothing to skip.');
    }
    if (prompt.status === 'sent' || prompt.status === 'snoozed') {
      await unit.repos.prompts.update({ ...prompt, status: 'skipped', snoozedUntil: null });
      await unit.audit({
        engagementId: engagement.id,
        actorId: engagement.clientId,
        action: 'reflection_prompt_skipped',
        details: { promptId: prompt.id },
      });
      unit.touch(engagement.id);
    }
    const text = 'Skipped — no reminder will follow. See you at the next question.';
    return { reply: await unit.reply(promptUpdatedReply(engagement.id, engagement.clientId, text)) };
  });
}
