import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPgliteDatabase } from '../../db/pglite.js';
import { createUnitOfWork } from '../../db/unit-of-work.js';
import { capturingLogger } from '../support/core-deps.js';

const dataDir = mkdtempSync(join(tmpdir(), 'triad-pglite-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the embedded database (PGlite)', () => {
  it('keeps data in its directory across restarts, and logs statements without their values', {
    timeout: 120_000,
  }, async () => {
    const { logger, lines } = capturingLogger();
    const first = await createPgliteDatabase({ dataDir, logger });
    const secret = 'canary-value-7f3a';
    await createUnitOfWork(first.db).transaction((repos) =>
      repos.processed.insert({ key: secret, outcome: { secret }, createdAt: new Date() }),
    );
    await first.close();
    await first.close();
    expect(lines.some((line) => line.includes('insert into \\"processed_requests\\"'))).toBe(true);
    expect(lines.join('\n')).not.toContain(secret);

    const second = await createPgliteDatabase({ dataDir });
    try {
      expect((await createUnitOfWork(second.db).read.processed.get(secret))?.outcome).toEqual({ secret });
    } finally {
      await second.close();
    }
  });
});
