import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob } from '../../jobs/job-definition.js';
import { buildRegistry, JobRegistryError, jobDefinitions, producedJobNames } from '../../jobs/registry.js';

const extra = defineJob({ name: 'orphan', queue: 'schedule', schema: z.object({}), handle: async () => 'x' });

describe('the job registry checked at start-up', () => {
  it('has exactly one handler for every job name something produces', () => {
    const registry = buildRegistry();
    for (const [queue, names] of Object.entries(producedJobNames) as [
      keyof typeof producedJobNames,
      string[],
    ][]) {
      for (const name of names) expect(registry.handlerFor(queue, name)?.name).toBe(name);
    }
  });

  it.each([
    [
      'a produced job without a handler',
      jobDefinitions.filter((d) => d.name !== 'nudge-prompt'),
      'schedule/nudge-prompt has no handler',
    ],
    [
      'two handlers for one job',
      [...jobDefinitions, jobDefinitions[1] ?? extra],
      'schedule/reflection-prompt has more than one handler',
    ],
    [
      'a handler nobody produces work for',
      [...jobDefinitions, extra],
      'schedule/orphan is handled but never produced',
    ],
  ] as const)('refuses %s', (_label, definitions, problem) => {
    expect(() => buildRegistry(definitions)).toThrow(JobRegistryError);
    try {
      buildRegistry(definitions);
    } catch (error) {
      expect((error as JobRegistryError).problems).toContain(problem);
    }
  });

  it('validates payloads with each job’s schema', () => {
    const reminder = jobDefinitions.find((d) => d.name === 'meeting-reminder');
    expect(reminder?.schema.safeParse({ meetingId: 'not-a-uuid' }).success).toBe(false);
  });
});
