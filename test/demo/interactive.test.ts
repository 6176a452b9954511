import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runInteractiveDemo } from '../../bin/demo/interactive.js';
import { testRedis } from '../support/test-redis.js';

/** `npm run demo -- --interactive` with its stdin scripted: PGlite, the test run's private Redis, real BullMQ. */
const redis = testRedis();
const dir = mkdtempSync(join(tmpdir(), 'triad-demo-interactive-'));

afterAll(async () => {
  await redis.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run demo -- --interactive', () => {
  it('runs an interactive session typed through stdin: each person sees what they may see', async () => {
    const input = new PassThrough();
    const chunks: string[] = [];
    const output = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    const lines: string[] = [];
    const session = runInteractiveDemo({
      redisUrl: redis.url,
      queuePrefix: redis.prefix,
      logPath: join(dir, 'interactive.log'),
      write: (text) => lines.push(text),
      input,
      output,
    });
    input.write(
      [
        '/coaching start client:@alex sponsor:@sam coach:@kim coach:@lee',
        'as alex',
        'goal Lead the offsite PRIVATE-ONE | Team runs it',
        'goal Keep this to myself PRIVATE-TWO | Only me',
        'preview 1',
        'release',
        'wait 1',
        'as sam',
        '/coaching list',
        'show',
        'as hana',
        'show',
        'quit',
        '',
      ].join('\n'),
    );
    await session;
    const all = lines.join('\n');
    const sam = all.slice(all.indexOf('What Sam Patel'), all.indexOf('What Hana Berg'));
    const hana = all.slice(all.indexOf('What Hana Berg'));

    expect(all).toContain('You are now alex');
    // The released goal, exactly as previewed (each transcript line is indented with a bar).
    expect(sam).toContain('“Goal: Lead the offsite PRIVATE-ONE');
    expect(sam).toContain('Success measure: Team runs it”');
    expect(sam).toContain('Only HR programme owners can do that.');
    expect(sam).not.toContain('PRIVATE-TWO');
    expect(hana).toContain('started for Alex Morgan');
    expect(hana).not.toContain('PRIVATE-');
    expect(chunks.join('')).toContain('sam (sponsor)> ');
    expect(all).toContain('Demo stopped');
  }, 120_000);
});
