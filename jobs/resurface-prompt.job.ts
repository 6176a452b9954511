import { z } from 'zod';
import { nudgePrompt } from '../src/use-cases/reflections/nudge-prompt.js';
import { defineJob } from './job-definition.js';

/** The end of a snooze: the core reminds the client once more about the snoozed question. */
export const resurfacePromptJob = defineJob({
  name: 'resurface-prompt',
  queue: 'schedule',
  schema: z.object({ engagementId: z.uuid(), promptId: z.uuid() }),
  async handle(data, { deps }) {
    return (await nudgePrompt({ promptId: data.promptId }, deps)).outcome;
  },
});
