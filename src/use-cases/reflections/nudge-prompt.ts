import { z } from 'zod';
import { reflectionNudgeMessage } from '../../messages/compose/reflection-prompt.js';
import { inTransaction } from '../../outbox/unit.js';
import { parseInput } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { promptingStages } from './reflection-access.js';

export const nudgePromptInput = z.object({ promptId: z.uuid() });
export type NudgePromptInput = z.input<typeof nudgePromptInput>;

export type NudgeOutcome =
  | 'nudged'
  | 'reminded_after_snooze'
  | 'not_due'
  | 'already_nudged'
  | 'no_nudge'
  | 'closed'
  | 'engagement_inactive'
  | 'gone';

/**
 * Called by the nudge job at `nudgeDueAt` (or when a snooze ends). Sends one gentle reminder if the prompt is
 * still unanswered: never twice, never for a skipped, answered or expired prompt, never while the engagement is
 * paused or over. A snooze asks for a reminder, so the end of a snooze reminds once more. Idempotent.
 */
export async function nudgePrompt(raw: NudgePromptInput, deps: CoreDeps): Promise<{ outcome: NudgeOutcome }> {
  const input = parseInput(nudgePromptInput, raw);
  const outcome = await inTransaction(deps, async (unit): Promise<NudgeOutcome> => {
    const { repos } = unit;
    const prompt = await repos.prompts.get(input.promptId);
    if (!prompt) return 'gone';
    const engagement = await repos.engagements.getForUpdate(prompt.engagementId);
    if (!engagement || !promptingStages.includes(engagement.stage) || engagement.purgedAt) {
      return 'engagement_inactive';
    }
    const now = deps.clock.now();
    if (now.getTime() >= prompt.expiresAt.getTime()) return 'closed';
    if (prompt.status === 'snoozed') {
      if (!prompt.snoozedUntil) return 'no_nudge';
      if (now.getTime() < prompt.snoozedUntil.getTime()) return 'not_due';
      await unit.send(
        reflectionNudgeMessage(prompt, true),
        `prompt:${prompt.id}:snooze-reminder:${prompt.snoozedUntil.toISOString()}`,
      );
      await repos.prompts.update({ ...prompt, status: 'sent', snoozedUntil: null, nudgedAt: now });
      return 'reminded_after_snooze';
    }
    if (prompt.status !== 'sent') return 'closed';
    if (prompt.nudgedAt) return 'already_nudged';
    if (!prompt.nudgeDueAt) return 'no_nudge';
    if (now.getTime() < prompt.nudgeDueAt.getTime()) return 'not_due';
    await unit.send(reflectionNudgeMessage(prompt, false), `prompt:${prompt.id}:nudge`);
    await repos.prompts.update({ ...prompt, nudgedAt: now });
    return 'nudged';
  });
  deps.logger.debug({ promptId: input.promptId, outcome }, 'reflection nudge');
  return { outcome };
}
