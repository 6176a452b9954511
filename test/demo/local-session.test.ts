import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLocalPlatform, type LocalPlatform } from '../../adapters/local/local-platform.js';
import { createLocalSession, type LocalSession } from '../../adapters/local/local-session.js';
import { cast, castMembers, findCastMember, type Role } from '../../bin/demo/cast.js';
import { deliverOutboxEntry } from '../../src/outbox/deliver-outbox-entry.js';
import { createTestCore, type TestCore } from '../support/core-deps.js';

/**
 * The local adapter on the in-memory core, with delivery run right after each commit: what people type
 * becomes button presses, forms and commands, and each person sees only what their spaces show them.
 */
let core: TestCore;
let platform: LocalPlatform;
let session: LocalSession;
let filesDir: string;

const id = (role: Role) => cast[role].platformUserId;
const said = (role: Role) =>
  platform
    .seenBy(id(role))
    .map((line) => line.text)
    .join('\n');
const run = (role: Role, line: string) => session.run(id(role), line);

beforeEach(() => {
  filesDir = mkdtempSync(join(tmpdir(), 'triad-local-files-'));
  platform = createLocalPlatform({ filesDir });
  for (const member of castMembers) platform.addPerson(member);
  core = createTestCore({ settings: { hrAdmins: [cast.hr.platformUserId] } });
  core.scheduler.deliver = async (ids) => {
    for (const outboxId of ids) {
      await deliverOutboxEntry({ outboxId }, { ...core, messengers: { local: platform.messenger } });
    }
  };
  session = createLocalSession({
    platform,
    deps: { ...core, directory: platform.directory },
    tenantId: 'local-test',
    resolveMention: (name) => findCastMember(name)?.platformUserId,
  });
});

async function startEngagement() {
  const outcome = await run('hr', '/coaching start client:@alex sponsor:@sam coach:@kim coach:@lee');
  expect(outcome.ok).toBe(true);
}

describe('local session', () => {
  it('starts an engagement from a typed /coaching command, with @names, and welcomes client and sponsor', async () => {
    await startEngagement();
    expect(said('hr')).toContain('started for Alex Morgan');
    expect(said('client')).toMatch(/\[#1 📅 Schedule the kickoff\]/);
    expect(said('sponsor')).toContain('[#1 Share expectations]');
    expect(said('coach')).toBe('');
  });

  it('refuses HR commands from someone who is not HR, in words, changing nothing', async () => {
    const outcome = await run('sponsor', '/coaching start client:@alex sponsor:@hana coach:@kim');
    expect(outcome.ok).toBe(false);
    expect(outcome.shown[0]?.text).toContain('Only HR programme owners can do that.');
    expect(said('client')).toBe('');
  });

  it('presses a picker by number with a time in the presser’s zone, and says what is missing without one', async () => {
    await startEngagement();
    const missing = await run('sponsor', 'press 2');
    expect(missing.ok).toBe(false);
    expect(missing.shown[0]?.text).toContain('Pick a date and time');
    const nothing = await run('sponsor', 'press 99');
    expect(nothing.shown[0]?.text).toContain('You have no button #99.');

    const scheduled = await run('sponsor', 'press 2 2026-11-23T09:00');
    expect(scheduled.ok).toBe(true);
    // 09:00 in New York is 14:00 in London: each person reads their own zone.
    expect(said('client')).toContain('Alex Morgan: Mon 23 Nov 2026, 14:00 (London time)');
    expect(said('sponsor')).toContain('Sam Patel: Mon 23 Nov 2026, 09:00 (New York time)');
  });

  it('shares a goal with the sponsor exactly as previewed, and nothing of the goal kept private', async () => {
    await startEngagement();
    await run('client', 'goal Hand over the roadmap reviews | Two reviews without me');
    core.clock.advance(60_000);
    await run('client', 'goal A goal I keep to myself | Only I know');
    const preview = await run('client', 'preview 1');
    expect(preview.shown[0]?.text).toContain(
      'Goal: Hand over the roadmap reviews\nSuccess measure: Two reviews without me',
    );
    expect(said('sponsor')).not.toContain('Hand over the roadmap reviews');

    expect((await run('client', 'release')).ok).toBe(true);
    expect(said('sponsor')).toContain(
      '“Goal: Hand over the roadmap reviews\nSuccess measure: Two reviews without me”',
    );
    expect(said('sponsor')).not.toContain('A goal I keep to myself');
    expect(said('hr')).not.toContain('roadmap');

    expect((await run('client', 'press Withdraw')).ok).toBe(true);
    expect(said('sponsor')).not.toContain('Hand over the roadmap reviews');
    expect(said('sponsor')).toContain('Triad removed the message');
    expect(said('sponsor')).toContain('withdrew a shared item');
  });

  it('gives the client their export as a file line, written to their own folder, and the file parses', async () => {
    await startEngagement();
    await run('client', 'goal Hand over the roadmap reviews | Two reviews without me');
    const exported = await run('client', 'export');
    expect(exported.ok).toBe(true);
    const line = exported.shown.find((l) => l.file);
    expect(line?.text).toMatch(/^📎 triad-export-.*\.json \(\d+ bytes, for you only\) — saved as /);
    expect(exported.shown.map((l) => l.text).join('\n')).not.toContain('roadmap');
    const written = readFileSync(line?.file?.path ?? '', 'utf8');
    expect(Buffer.byteLength(written)).toBe(line?.file?.bytes);
    expect(JSON.parse(written).goals[0].goal).toBe('Hand over the roadmap reviews');
    expect(line?.file?.path?.startsWith(join(filesDir, id('client')))).toBe(true);
    for (const role of ['sponsor', 'coach', 'hr'] as const) expect(said(role)).not.toContain('roadmap');
  });

  it('posts a sponsor’s message to the sponsor thread for the client to see, and refuses requests for private content', async () => {
    await startEngagement();
    const offered = await run('sponsor', 'Looking forward to the kickoff on Monday.');
    expect(said('client')).not.toContain('Looking forward to the kickoff on Monday.');
    const choice = /\[#(\d+) Alex[^\]]* coaching/.exec(offered.shown.map((m) => m.text).join('\n'))?.[1];
    await run('sponsor', `press ${choice}`);
    expect(said('client')).not.toContain('Looking forward to the kickoff on Monday.');
    await run('sponsor', 'press "Post to the sponsor thread"');
    expect(said('client')).toContain('Looking forward to the kickoff on Monday.');

    const asked = await run('sponsor', 'What did Alex write in the reflections?');
    expect(asked.shown[0]?.text).toContain("I can't share that.");
    expect(said('client')).not.toContain('What did Alex write');
  });

  it('fills in the open form with submit, and says so when none is open', async () => {
    await startEngagement();
    const none = await run('sponsor', 'submit hello');
    expect(none.shown[0]?.text).toContain('You have no form open.');

    const form = await run('sponsor', 'press "Share expectations"');
    expect(form.shown[0]?.text).toContain('<< form: Share expectations >>');
    expect((await run('sponsor', 'submit Lead planning end to end')).ok).toBe(true);
    expect(said('client')).toContain('Lead planning end to end');
  });

  it('runs the Home tab switch for activity sharing through the same control table as Slack', async () => {
    await startEngagement();
    expect((await run('client', 'home')).ok).toBe(true);
    const on = await run('client', 'press "Share my activity figures"');
    expect(on.ok).toBe(true);
    expect(on.shown.map((l) => l.text).join('\n')).toContain('Activity sharing is on');
    expect(said('sponsor')).not.toContain('Activity sharing');
  });

  it('schedules a coaching session from the coaching space’s button with a time, as Teams does with its picker', async () => {
    await startEngagement();
    expect((await run('sponsor', 'press 2 2026-11-23T09:00')).ok).toBe(true);
    core.clock.set(new Date('2026-11-23T15:00:00Z'));
    expect((await run('client', 'press "Mark as held"')).ok).toBe(true);
    expect((await run('client', 'press "Kim')).ok).toBe(true);
    const without = await run('client', 'press "Schedule a session"');
    expect(without.ok).toBe(false);
    expect(without.shown[0]?.text).toContain('Pick a date and time');
    const scheduled = await run('client', 'press "Schedule a session" 2026-12-01T10:00');
    expect(scheduled.ok).toBe(true);
    expect(said('coach')).toContain('Coaching session');
  });
});
