import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { testTiers } from '../support/tiers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'triad-tiers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function repository(files: Record<string, string>): string {
  const dir = mkdtempSync(join(scratch, 'repo-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('test tiers (npm run test:fast runs the fast one, npm test both)', () => {
  it('puts a test in the services tier when anything it imports, however deep, reaches a service', () => {
    const dir = repository({
      'test/support/test-redis.ts': 'export const testRedis = () => 1;\n',
      'test/support/test-database.ts': 'export const createTestDatabase = () => 1;\n',
      'test/support/harness.ts': "import { createTestDatabase } from './test-database.js';\nexport {};\n",
      'test/e2e/walk.test.ts':
        "import type { A } from '../../src/a.js';\nimport { h } from '../support/harness.js';\n",
      'test/jobs/queue.test.ts': "export { testRedis } from '../support/test-redis.js';\n",
      // Split so that this file itself does not read as importing db/pglite.ts.
      'test/db/embedded.test.ts': `const db = await ${'imp'}ort('../../db/pglite.js');\n`,
      'test/bin/spawn.test.ts': "import { spawn } from 'node:child_process';\n",
      'test/use-cases/pure.test.ts':
        "import {\n  a,\n  b,\n} from '../../src/a.js';\nimport { vi } from 'vitest';\n",
      'src/a.ts': "import { b } from './b.js';\nexport const a = 1;\n",
      'src/b.ts': "import { a } from './a.js';\nexport const b = 2;\n",
      'db/pglite.ts': 'export const pglite = 1;\n',
    });

    const tiers = testTiers(dir);

    expect(tiers.fast).toEqual(['test/use-cases/pure.test.ts']);
    expect(tiers.services).toEqual([
      'test/bin/spawn.test.ts',
      'test/db/embedded.test.ts',
      'test/e2e/walk.test.ts',
      'test/jobs/queue.test.ts',
    ]);
    expect(tiers.why.get('test/e2e/walk.test.ts')).toBe('imports test/support/test-database.ts');
    expect(tiers.why.get('test/db/embedded.test.ts')).toBe('imports db/pglite.ts');
  });

  it('splits this repository: every test file in exactly one tier, the use cases fast, PostgreSQL and Redis not', () => {
    const tiers = testTiers(root);
    const all = [...tiers.fast, ...tiers.services];

    expect(new Set(all).size).toBe(all.length);
    expect(tiers.fast).toContain('test/use-cases/hr/lifecycle.test.ts');
    expect(tiers.fast).toContain('test/confidentiality/canary.property.test.ts');
    expect(tiers.fast).toContain('test/db/repositories.in-memory.test.ts');
    for (const file of [
      'test/db/repositories.postgres.test.ts',
      'test/db/repositories.pglite.test.ts',
      'test/demo/demo.test.ts',
      'test/e2e/slack/engagement-walk.test.ts',
      'test/jobs/workers.test.ts',
      'test/foundation/services.test.ts',
    ])
      expect(tiers.services).toContain(file);
  });
});
