import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import { SlowFirstSequencer, slowestFiles } from '../support/slow-first.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** A test file of a project as the sequencer sees it, on a fresh clone (no durations cached). */
const spec = (name: string, path: string) =>
  ({
    moduleId: join(root, path),
    project: { name, config: { root, isolate: name !== 'fast', sequence: { groupOrder: 0 } } },
  }) as unknown as TestSpecification;

const freshClone = {
  config: { root },
  cache: { getFileTestResults: () => undefined, getFileStats: () => undefined },
} as unknown as Vitest;

describe('the order npm test starts its files in', () => {
  it('starts the slowest files first, across both tiers, then the rest in vitest’s order', async () => {
    const files = [
      spec('fast', 'test/use-cases/hr/lifecycle.test.ts'),
      spec('fast', 'test/confidentiality/canary.property.test.ts'),
      spec('services', 'test/db/unit-of-work.test.ts'),
      spec('services', 'test/jobs/worker-command.test.ts'),
    ];

    const sorted = await new SlowFirstSequencer(freshClone).sort(files);

    expect(sorted.map((s) => s.moduleId.slice(root.length))).toEqual([
      'test/jobs/worker-command.test.ts',
      'test/confidentiality/canary.property.test.ts',
      'test/use-cases/hr/lifecycle.test.ts',
      'test/db/unit-of-work.test.ts',
    ]);
  });

  it('names only files that exist, so a moved file does not silently lose its place', () => {
    expect(slowestFiles.filter((file) => !existsSync(join(root, file)))).toEqual([]);
  });
});
