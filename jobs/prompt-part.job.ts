import { defineJob } from './job-definition.js';
import { promptPartData, runPromptPart } from './prompt-part.js';

/**
 * One part of a minute's prompts, queued by the minute's tick (`runPromptTick`): any worker process takes it,
 * so a minute's prompts spread over every process and machine. Retried by BullMQ until it succeeds.
 */
export const promptPartJob = defineJob({
  name: 'prompt-part',
  queue: 'schedule',
  schema: promptPartData,
  handle: (data, context) => runPromptPart(context.queues, context.deps, data),
});
