import { oneOffJobNames } from '../src/scheduling/planned-jobs.js';
import { clientPresenceJob } from './client-presence.job.js';
import { closingWeekJob } from './closing-week.job.js';
import { deliverOutboxJob } from './deliver-outbox.job.js';
import { horizonTickJob } from './horizon-tick.job.js';
import { hrDigestJob } from './hr-digest.job.js';
import type { JobDefinition } from './job-definition.js';
import { meetingReminderJob } from './meeting-reminder.job.js';
import { nudgePromptJob } from './nudge-prompt.job.js';
import { outboxSweepJob } from './outbox-sweep.job.js';
import { presenceFillJob } from './presence-fill.job.js';
import { promptPartJob } from './prompt-part.job.js';
import { promptTickJob } from './prompt-tick.job.js';
import type { QueueRole } from './queues.js';
import { reflectionPromptJob } from './reflection-prompt.job.js';
import { resurfacePromptJob } from './resurface-prompt.job.js';
import { retentionPurgeJob } from './retention-purge.job.js';
import { scheduleReminderJob } from './schedule-reminder.job.js';
import { sessionCheckInJob } from './session-check-in.job.js';

export const jobDefinitions: readonly JobDefinition[] = [
  deliverOutboxJob,
  reflectionPromptJob,
  promptTickJob,
  promptPartJob,
  horizonTickJob,
  nudgePromptJob,
  resurfacePromptJob,
  meetingReminderJob,
  scheduleReminderJob,
  closingWeekJob,
  sessionCheckInJob,
  retentionPurgeJob,
  outboxSweepJob,
  hrDigestJob,
  clientPresenceJob,
  presenceFillJob,
];

/** Every job name something puts on a queue: the planner's one-offs, the schedulers and delivery. */
export const producedJobNames: Record<QueueRole, readonly string[]> = {
  schedule: [
    ...oneOffJobNames,
    'reflection-prompt',
    'prompt-tick',
    'prompt-part',
    'horizon-tick',
    'retention-purge',
    'outbox-sweep',
    'hr-digest',
    'client-presence',
    'presence-fill',
  ],
  delivery: ['deliver-outbox'],
};

export interface JobRegistry {
  handlerFor(queue: QueueRole, name: string): JobDefinition | undefined;
}

export class JobRegistryError extends Error {
  readonly code = 'job_registry_invalid';
  constructor(readonly problems: string[]) {
    super(`Job registry is inconsistent: ${problems.join('; ')}`);
    this.name = 'JobRegistryError';
  }
}

/**
 * The start-up check: every job name that is produced has exactly one handler on its queue, and no handler
 * waits for a name nobody produces. Throws a JobRegistryError naming each problem.
 */
export function buildRegistry(
  definitions: readonly JobDefinition[] = jobDefinitions,
  produced: Record<QueueRole, readonly string[]> = producedJobNames,
): JobRegistry {
  const problems: string[] = [];
  const byKey = new Map<string, JobDefinition>();
  for (const definition of definitions) {
    const key = `${definition.queue}/${definition.name}`;
    if (byKey.has(key)) problems.push(`${key} has more than one handler`);
    byKey.set(key, definition);
  }
  for (const [queue, names] of Object.entries(produced) as [QueueRole, readonly string[]][]) {
    for (const name of names)
      if (!byKey.has(`${queue}/${name}`)) problems.push(`${queue}/${name} has no handler`);
  }
  for (const key of byKey.keys()) {
    const [queue, name] = key.split('/') as [QueueRole, string];
    if (!produced[queue]?.includes(name)) problems.push(`${key} is handled but never produced`);
  }
  if (problems.length > 0) throw new JobRegistryError(problems);
  return { handlerFor: (queue, name) => byKey.get(`${queue}/${name}`) };
}
