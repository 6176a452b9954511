import { z } from 'zod';
import { nudgePrompt } from '../src/use-cases/reflections/nudge-prompt.js';
import { defineJob } from './job-definition.js';

/** One gentle reminder about an unanswered prompt; the core checks it is still unanswered and not nudged. */
export const nudgePromptJob = defineJob({
  name: 'nudge-prompt',
  queue: 'schedule',
  schema: z.object({ engagementId: z.uuid(), promptId: z.uuid() }),
  async handle(data, { deps }) {
    return (await nudgePrompt({ promptId: data.promptId }, deps)).outcome;
  },
});
