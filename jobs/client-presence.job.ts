import { learnClientPresence, learnClientPresenceInput } from '../src/scheduling/learn-presence.js';
import { defineJob } from './job-definition.js';

/**
 * A new engagement's client: their presence looked up once and stored (queued by the scheduler's `learnPresence`
 * after the start commits). A failed lookup is not retried here; the backfill asks again later.
 */
export const clientPresenceJob = defineJob({
  name: 'client-presence',
  queue: 'schedule',
  schema: learnClientPresenceInput,
  async handle(data, { deps }) {
    return learnClientPresence(data, deps);
  },
});
