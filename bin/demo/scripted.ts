import { setTimeout as sleep } from 'node:timers/promises';
import { type CanaryReport, createCanaries, formatCanaryReport, type ScanTarget } from './canaries.js';
import { cast, castMembers } from './cast.js';
import { createDirector, DemoStepError } from './director.js';
import { playEngagement, type StoryResult } from './engagement-story.js';
import { type DemoOptions, type DemoWorld, readLog, startDemoWorld } from './run-demo.js';
import { dumpAllRows } from './services.js';

export interface ScriptedOutcome {
  /** The whole engagement ran, from start to the retention purge. */
  completed: boolean;
  /** Why it stopped early, when it did. */
  failure?: string;
  report: CanaryReport;
  /** Scheduled events that did not arrive, with the configuration each needs. */
  missing: readonly { what: string; needs: string }[];
  story: StoryResult;
  elapsedMs: number;
  /** Nothing leaked and everything completed: the demo's exit status is 0. */
  ok: boolean;
}

/**
 * The scripted demo: a whole engagement on the real core, BullMQ and the database through the local
 * platform, then what each person saw and the confidentiality check.
 */
export async function runScriptedDemo(options: DemoOptions): Promise<ScriptedOutcome> {
  const write = options.write;
  const world = await startDemoWorld(options);
  const { platform, transcript } = world;
  write('Triad demo: one coaching engagement, start to finish, through a local stand-in for Slack or Teams.');
  write(
    '📨 a message delivered to a space or DM (who got it · where) · ↩ a reply only the person who acted sees',
  );
  write(`Database: ${world.services.describe.database}`);
  write(`Redis:    ${world.services.describe.redis}`);
  write(
    `Cadence:  a reflection prompt every ${world.timing.promptEveryMs / 1000} s, a nudge ${world.timing.nudgeAfterMs / 1000} s after an unanswered one, retention ${world.timing.retentionMs / 1000} s`,
  );
  write(`Logs:     ${options.logPath}`);
  const canaries = createCanaries();
  const director = createDirector({
    platform,
    session: world.session,
    transcript,
    clock: world.clock,
    waitMs: world.timing.waitMs,
  });
  let story: StoryResult = {};
  let failure: string | undefined;
  try {
    story = await playEngagement(director, canaries, {
      waitForPurge: async () => {
        const deadline = Date.now() + world.timing.retentionMs + world.timing.waitMs;
        while (!(await allPurged(world))) {
          if (Date.now() > deadline) return false;
          await sleep(200);
        }
        return true;
      },
    });
  } catch (error) {
    if (!(error instanceof DemoStepError)) throw error;
    failure = error.message;
    write(`\n✗ The demo stopped: ${failure}`);
  }
  await sleep(300);

  for (const member of castMembers)
    write(transcript.personal(member, platform.seenBy(member.platformUserId)));

  const rows = await dumpAllRows(world.services.db);
  await world.close();
  const transcriptOf = (role: keyof typeof cast) =>
    platform
      .seenBy(cast[role].platformUserId)
      .map((l) => l.text)
      .join('\n');
  const targets: ScanTarget[] = [
    { name: 'sponsor', text: transcriptOf('sponsor'), allows: ['released'] },
    { name: 'HR', text: transcriptOf('hr'), allows: [] },
    { name: 'coach', text: transcriptOf('coach'), allows: ['client_and_coach', 'released'] },
    { name: 'other coaches', text: `${transcriptOf('coach2')}\n${transcriptOf('coach3')}`, allows: [] },
    { name: 'logs', text: readLog(options.logPath), allows: [] },
    { name: 'database (plain text)', text: rows, allows: [] },
  ];
  const report = canaries.scan(targets);
  write('\n━━ Confidentiality check ━━');
  for (const line of formatCanaryReport(report, targets)) write(line);
  if (director.missing.length > 0) {
    write('\n━━ Not shown: scheduled events that did not arrive ━━');
    for (const miss of director.missing) write(`  ✗ ${miss.what} — needs ${miss.needs}`);
  }
  const completed = failure === undefined && director.missing.length === 0;
  const ok = completed && report.leaks.length === 0 && canaries.planted.length > 0;
  const elapsedMs = transcript.elapsedMs();
  write(
    `\n${ok ? '✔' : '✗'} ${completed ? 'The whole engagement completed' : 'The engagement did not complete'} in ${(elapsedMs / 1000).toFixed(1)} s; ${report.leaks.length === 0 ? 'nothing leaked' : `${report.leaks.length} leak(s)`}.`,
  );
  return {
    completed,
    ...(failure ? { failure } : {}),
    report,
    missing: director.missing,
    story,
    elapsedMs,
    ok,
  };
}

/** Whether every engagement of the demo organisation has had its private content purged. */
async function allPurged(world: DemoWorld): Promise<boolean> {
  const read = world.deps.uow.read;
  const organisation = await read.organisations.findByTenant('local', world.tenantId);
  const engagements = organisation ? await read.engagements.listByOrganisation(organisation.id) : [];
  return engagements.length > 0 && engagements.every((e) => e.purgedAt !== null);
}
