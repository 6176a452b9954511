import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScriptedDemo } from '../../bin/demo/scripted.js';
import { testRedis } from '../support/test-redis.js';

/**
 * The demo as CI runs it: the scripted engagement on PGlite and the test run's private Redis, through the
 * real core, BullMQ workers and the local platform.
 */
const redis = testRedis();
const dir = mkdtempSync(join(tmpdir(), 'triad-demo-test-'));

afterAll(async () => {
  await redis.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run demo', () => {
  it('runs a whole engagement to the retention purge, and no private canary reaches the sponsor, HR, logs or the database', async () => {
    const output: string[] = [];
    const outcome = await runScriptedDemo({
      redisUrl: redis.url,
      queuePrefix: redis.prefix,
      logPath: join(dir, 'scripted.log'),
      write: (text) => output.push(text),
      // Meetings start at once (the clock skips ahead instead of waiting out each minute) and prompts, nudges
      // and retention come seconds apart, with room for the answers typed in between.
      skipWaits: true,
      timing: { promptEveryMs: 5_000, nudgeAfterMs: 1_500, retentionMs: 1_000 },
    });
    const printed = output.join('\n');

    expect(outcome.failure).toBeUndefined();
    expect(outcome.missing).toEqual([]);
    expect(outcome.completed).toBe(true);
    expect(outcome.report.leaks).toEqual([]);
    expect(outcome.ok).toBe(true);
    // Every private input carried a canary, and the released goal reached the sponsor exactly as previewed.
    expect(outcome.report.findings.length).toBeGreaterThanOrEqual(4);
    expect(outcome.story.released?.sponsorSaw).toContain(`“${outcome.story.released?.previewed}”`);
    // Alex's export held everything Alex wrote; after the purge there is nothing left to export.
    for (const { canary } of outcome.report.findings)
      expect(outcome.story.exportBeforePurge).toContain(canary.marker);
    expect(outcome.story.exportAfterPurge).toContain('deleted after the retention period');
    // Per-person transcripts and the check are printed; logs went to the file, not to the transcript.
    for (const name of ['Hana Berg', 'Alex Morgan', 'Sam Patel', 'Kim Ito'])
      expect(printed).toContain(`What ${name}`);
    expect(printed).toContain('Confidentiality check');
    // Meetings arrive with their calendar invite, shown as a file line beside the message.
    expect(printed).toMatch(/📎 triad-kickoff\.ics \(\d+ bytes\)/);
    // The story's delivery lines name each reader once, and say when a file came with the message.
    const deliveries = printed.split('\n').filter((line) => /^ {2}\[[\d:.]+\] 📨 /.test(line));
    expect(deliveries.some((line) => line.includes('(📎 triad-kickoff.ics)'))).toBe(true);
    for (const line of deliveries) {
      const who = (line.split('📨 ')[1] ?? '').split(' · ')[0]?.split(', ') ?? [];
      expect(new Set(who).size, line).toBe(who.length);
    }
    // The words a coaching firm would ship: each coach spoken to, friendly zone names, the meeting's video
    // link, the client's own rhythm, and HR's report as a CSV file.
    expect(printed).toContain('Welcome, Kim Ito: you are coaching Alex Morgan');
    expect(printed).toContain('Thank you, Lee Novak');
    expect(printed).toContain('(London time)');
    expect(printed).not.toContain('Europe/London time');
    expect(printed).toContain('Video call: https://meet.example.com/alex-sam-kim');
    expect(printed).toContain('Reflection time saved');
    expect(printed).toMatch(/📎 triad-engagements-[\d-]+\.csv \(\d+ bytes/);
    expect(readFileSync(join(dir, 'scripted.log'), 'utf8')).toContain('"app":"triad"');
  }, 240_000);
});
