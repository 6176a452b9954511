import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The slowest files of `npm test` (measured with vitest's JSON reporter), longest first. On a fresh clone vitest
 * has no durations from an earlier run and would start them wherever they fall alphabetically: a 90-second file
 * started last keeps one worker busy while the other has nothing left to do. A file missing here only runs in
 * vitest's own order.
 */
export const slowestFiles = [
  'test/jobs/worker-command.test.ts',
  'test/faults/teams-canary-under-faults.test.ts',
  'test/confidentiality/canary.property.test.ts',
  'test/faults/fuzz-coaching-command.test.ts',
  'test/jobs/worker-processes.test.ts',
  'test/db/pglite.test.ts',
  'test/confidentiality/viewer-matrix.test.ts',
  'test/faults/fuzz-interactions.test.ts',
  'test/demo/demo.test.ts',
  'test/jobs/commands.test.ts',
  'test/foundation/services.test.ts',
  'test/e2e/teams/engagement-walk.test.ts',
  'test/db/migrations.test.ts',
  'test/manifest/teams-manifest.test.ts',
  'test/support/fake-bot-connector.test.ts',
  'test/jobs/rate-limits.test.ts',
  'test/demo/interactive.test.ts',
];

/** Vitest's order (earlier failures, then longer files first, from its cache), with the slowest files first. */
export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = slowestFiles.indexOf(
        relative(spec.project.config.root, spec.moduleId).split('\\').join('/'),
      );
      return index === -1 ? slowestFiles.length : index;
    };
    return sorted
      .map((spec, position) => ({ spec, position, rank: rank(spec) }))
      .sort((a, b) => a.rank - b.rank || a.position - b.position)
      .map(({ spec }) => spec);
  }
}
