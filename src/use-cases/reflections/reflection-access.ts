import type { Engagement, ReflectionPrompt } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import { inTransaction, type Unit } from '../../outbox/unit.js';
import type { Action } from '../../policy/permissions.js';
import type { Repositories } from '../../ports/repositories.js';
import { type Actor, type ResolvedActor, resolveActor } from '../actor.js';
import { requireClient, requireWritable } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { lockEngagement } from '../shared/engagement-access.js';

/** The stages in which reflection prompts go out: once coaching has started, until the engagement closes. */
export const promptingStages: readonly Engagement['stage'][] = ['coaching', 'closing'];

export interface PromptContext {
  prompt: ReflectionPrompt;
  engagement: Engagement;
}

/** A prompt and its (locked) engagement, for its client only. */
export async function promptForClient(
  repos: Repositories,
  resolved: ResolvedActor,
  promptId: string,
  action: Action,
): Promise<PromptContext> {
  const prompt = await repos.prompts.get(promptId);
  if (!prompt) {
    throw new TriadError(
      'not_found',
      'That reflection question is no longer available.',
      'It may have been deleted after the engagement ended.',
    );
  }
  const engagement = await lockEngagement(repos, prompt.engagementId);
  requireClient(engagement, resolved, action);
  return { prompt, engagement };
}

/**
 * One step on a prompt by its client, in one transaction: resolves who acts, locks the prompt's engagement, checks
 * `action` for the client and that the engagement can still be written to, then runs `step`.
 */
export function onClientPrompt<T>(
  deps: CoreDeps,
  input: { actor: Actor; promptId: string },
  action: Action,
  step: (unit: Unit, context: PromptContext & { resolved: ResolvedActor }) => Promise<T>,
): Promise<T> {
  return inTransaction(deps, async (unit) => {
    const resolved = await resolveActor(unit.repos, deps, input.actor);
    const context = await promptForClient(unit.repos, resolved, input.promptId, action);
    requireWritable(context.engagement);
    return step(unit, { ...context, resolved });
  });
}

/** Prompts still waiting for the client (not answered, skipped or expired). */
export const isOpenPrompt = (prompt: ReflectionPrompt) =>
  prompt.status === 'sent' || prompt.status === 'snoozed';
