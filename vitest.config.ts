import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './test/support/slow-first.js';
import { testTiers } from './test/support/tiers.js';

/**
 * Two projects, decided by what each test file imports (test/support/tiers.ts): `fast` needs nothing started;
 * `services` gets the private PostgreSQL and Redis of the global setup. `npm test` runs both; `npm run test:fast`
 * (`--project fast`) only the first, and starts no service.
 */
const tiers = testTiers(fileURLToPath(new URL('.', import.meta.url)));

export default defineConfig({
  test: {
    // Forks, not threads: services a test file starts are tied to its process and die with it.
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core machine. Most files
    // wait on services, child processes or timers, so one worker per core keeps both cores busy.
    maxWorkers: Math.max(2, availableParallelism()),
    sequence: { sequencer: SlowFirstSequencer },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    projects: [
      // Not isolated: the fast files share a worker's loaded modules instead of importing them again each
      // (they keep no state across files: no module mocks, no globals, no services).
      { extends: true, test: { name: 'fast', include: [...tiers.fast], isolate: false } },
      {
        extends: true,
        test: {
          name: 'services',
          include: [...tiers.services],
          globalSetup: ['test/support/services/global-setup.ts'],
        },
      },
    ],
  },
});
