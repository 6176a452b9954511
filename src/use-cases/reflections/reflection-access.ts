import type { Engagement, ReflectionPrompt } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import type { Action } from '../../policy/permissions.js';
import type { Repositories } from '../../ports/repositories.js';
import type { ResolvedActor } from '../actor.js';
import { requireClient } from '../client/client-access.js';
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

/** Prompts still waiting for the client (not answered, skipped or expired). */
export const isOpenPrompt = (prompt: ReflectionPrompt) =>
  prompt.status === 'sent' || prompt.status === 'snoozed';
