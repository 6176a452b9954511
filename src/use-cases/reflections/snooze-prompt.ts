import { z } from 'zod';
import { hoursOf } from '../../engagement/organisation-settings.js';
import { TriadError } from '../../errors.js';
import { promptUpdatedReply } from '../../messages/compose/reflection-replies.js';
import { formatLocal, snoozeUntil } from '../../prompts/prompt-schedule.js';
import { actorSchema } from '../actor.js';
import { idSchema, parseInput } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { onClientPrompt } from './reflection-access.js';

export const snoozePromptInput = z.object({ actor: actorSchema, promptId: idSchema });
export type SnoozePromptInput = z.input<typeof snoozePromptInput>;

/** The client puts this week's question off by a day (into working hours); one reminder comes back then. */
export async function snoozePrompt(raw: SnoozePromptInput, deps: CoreDeps) {
  const input = parseInput(snoozePromptInput, raw);
  return onClientPrompt(deps, input, 'snooze_reflection', async (unit, { prompt, engagement }) => {
    if (prompt.status === 'answered' || prompt.status === 'skipped' || prompt.status === 'expired') {
      throw new TriadError(
        'conflict',
        prompt.status === 'expired'
          ? 'A newer question has replaced this one, so there is nothing to snooze.'
          : `You already ${prompt.status} this question, so there is nothing to snooze.`,
      );
    }
    const now = deps.clock.now();
    const until = snoozeUntil(now, engagement.timeZone, hoursOf(engagement, deps.settings.workingHours));
    const remind = until.getTime() < prompt.expiresAt.getTime();
    await unit.repos.prompts.update({ ...prompt, status: 'snoozed', snoozedUntil: remind ? until : null });
    await unit.audit({
      engagementId: engagement.id,
      actorId: engagement.clientId,
      action: 'reflection_prompt_snoozed',
      details: { promptId: prompt.id },
    });
    unit.touch(engagement.id);
    const text = remind
      ? `Snoozed. I will ask again on ${formatLocal(until, engagement.timeZone)}.`
      : 'Snoozed. A new question arrives before then, so I will not remind you about this one.';
    return {
      snoozedUntil: remind ? until : null,
      reply: await unit.reply(promptUpdatedReply(engagement.id, engagement.clientId, text)),
    };
  });
}
