import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Command, commandArbitrary } from './canary/commands.js';
import { leavingUntouched } from './canary/cross-organisation.js';
import { startInCoaching } from './canary/meetings.js';
import { homesAfterChange, hrRetriesAll } from './canary/observe-homes.js';
import { deliverDue, observeStore } from './canary/oracle.js';
import { runAssessmentCommand } from './canary/run-assessment.js';
import { runClientCommand } from './canary/run-client.js';
import { runLifecycleCommand } from './canary/run-lifecycle.js';
import { runNoteCommand } from './canary/run-notes.js';
import { runOrganisationCommand } from './canary/run-organisation.js';
import { scanAtRest, scanNew } from './canary/scan.js';
import { type Coverage, createWorld, type World } from './canary/world.js';

/**
 * The third defence (DESIGN section 3): tests that try to break it. Random sequences of commands from every role
 * and from adversaries — HR lifecycle (start with overlapping roles, pause, resume, end, reassign to anyone),
 * HR admins removed and restored, sponsor expectations and relays, meetings marked held by anyone, sessions,
 * coach choice, prompts issued, nudged, answered, edited and shared (the questions after sessions too), coaches'
 * private session notes kept, opened and listed, goals drafted, edited, previewed, released and withdrawn,
 * assessments recorded (by HR, the coach or anyone trying) with their reports shared and insights written and
 * released, exports, App Home for every person, ids of the other engagement in every command, the platform
 * failing and HR retrying, ciphertexts swapped between rows, purges — with a unique canary planted in every
 * private input. Two organisations, A (two engagements) and B (one), share one person, Kim, as a Slack Connect
 * coach is shared: she coaches in A (named at the start, or invited by e-mail and joining later) and is B's
 * client, sponsor or coach. Each organisation's HR admins add and remove admins and save settings (applied to
 * live engagements or not); people of one organisation replay the other's ids in every command, in their own
 * workspace. After every command the outbox is delivered to a fake platform (each workspace with its own
 * token); then nobody was shown a canary they may not read (a message by each person in its conversation, a
 * reply by whoever received it — a person in one workspace never reads the other organisation's canaries, Kim
 * included), no HR message, refusal, audit entry or log line holds a canary or a ciphertext's bytes, released
 * text appears exactly as previewed, roles stay separated, only each organisation's HR admins did HR's things
 * in it, and a step acted from one organisation changed no row of the other.
 *
 * `CANARY_RUNS` sets the number of sequences (1,000 by default; `npm run test:deep` runs 20,000).
 */
const clientCommands = new Set([
  'answer',
  'answerForm',
  'plain',
  'promptAction',
  'goal',
  'editGoal',
  'goalView',
  'preview',
  'release',
  'activity',
  'export',
  'prepare',
]);

/**
 * One step: a command, and whether the platform refuses the deliveries it causes (for good: they fail, and HR
 * may retry them later, after the engagement changed).
 */
interface Step {
  command: Command;
  platformFails: boolean;
  /** After the step, HR presses "Retry delivery" on both engagements (as they may at any time). */
  hrRetries: boolean;
}
const sometimes = fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, fc.constant(true));
const stepArbitrary: fc.Arbitrary<Step> = fc.record({
  command: commandArbitrary,
  platformFails: sometimes,
  hrRetries: sometimes,
});

async function run(world: World, { command, platformFails, hrRetries }: Step): Promise<void> {
  const replies = world.replies.length;
  const errors = world.errors.length;
  await leavingUntouched(world, command, async () => {
    if (command.t === 'assessment') await runAssessmentCommand(world, command);
    else if (clientCommands.has(command.t))
      await runClientCommand(world, command as Parameters<typeof runClientCommand>[1]);
    else if (command.t === 'coachNote') await runNoteCommand(world, command);
    else await runLifecycleCommand(world, command as Parameters<typeof runLifecycleCommand>[1]);
  });
  await observeStore(world);
  const outage = world.platform.outage;
  if (platformFails) world.platform.outage = 'permanent';
  await deliverDue(world);
  world.platform.outage = outage;
  if (hrRetries) {
    await hrRetriesAll(world);
    await deliverDue(world);
  }
  await homesAfterChange(world, command);
  await scanNew(world, replies, errors);
}

const runs = Number(process.env.CANARY_RUNS ?? 1000);
/** What each run reached, so a weakened generator shows up as a failing test; and how each command fared. */
const reached = new Map<string, number>();
const count = (milestone: string) => reached.get(milestone) ?? 0;
const coverage: Coverage = new Map();
const setupArbitrary = fc.record({
  crossRoles: fc.boolean(),
  inCoaching: fc.boolean(),
  inCoachingB: fc.boolean(),
  kimInB: fc.constantFrom('client' as const, 'sponsor' as const, 'coach' as const),
  invited: fc.boolean(),
});

function coverageTable(): string {
  const rows = [...coverage].sort(([a], [b]) => a.localeCompare(b));
  const lines = rows.map(
    ([kind, { ran, ok, refused }]) =>
      `  ${kind.padEnd(26)} ran ${String(ran).padStart(7)}  ok ${String(ok).padStart(7)}  refused ${String(refused).padStart(7)}`,
  );
  const milestones = [...reached].sort(([a], [b]) => a.localeCompare(b));
  return [
    `canary property: ${runs} sequences; commands by kind:`,
    ...lines,
    'runs reaching each milestone:',
    ...milestones.map(([m, n]) => `  ${m.padEnd(26)} ${n}`),
    '',
  ].join('\n');
}

describe('the canary property', () => {
  it(
    'nobody is shown private text they may not read; roles and rights hold, whatever anyone does',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          setupArbitrary,
          fc.array(stepArbitrary, { minLength: 1, maxLength: 40, size: 'max' }),
          async (setup, steps) => {
            const world = await createWorld(setup, coverage);
            if (setup.inCoaching && setup.invited) {
              await deliverDue(world);
              await runOrganisationCommand(world, { t: 'join', op: 'kim' });
            }
            if (setup.inCoaching) await startInCoaching(world, 0);
            if (setup.inCoachingB) await startInCoaching(world, 2);
            for (const step of steps) await run(world, step);
            scanAtRest(world);
            for (const milestone of world.milestones) reached.set(milestone, count(milestone) + 1);
          },
        ),
        { numRuns: runs },
      );
      process.stdout.write(coverageTable());
      // Floors about a third of the lowest counts seen (per 1,000 runs; three runs on 2026-12-04 reached coach notes 18, 31
      // and 34 times, purges 9, 17 and 30): they only catch a generator that stopped reaching a state. Half the typical
      // count failed CI once (18 session questions against a floor of 20).
      // With a second organisation a run's steps are shared by three engagements and sequences are 40 steps long
      // (the run time), so releases and shared reports are reached less often than with one organisation.
      const floor = (n: number) => Math.floor((n * runs) / 1000);
      expect(count('prompted')).toBeGreaterThan(floor(300));
      expect(count('answered')).toBeGreaterThan(floor(150));
      expect(count('prepared')).toBeGreaterThan(floor(40));
      expect(count('released')).toBeGreaterThan(floor(30));
      // Withdrawals and tampering need rare sequences (a release, then its withdrawal; two engagements' entries of one
      // kind): a handful per 1,000 runs, so these only ask that the generator still reaches them at all.
      expect(count('withdrawn')).toBeGreaterThan(0);
      expect(count('report shared with coach')).toBeGreaterThan(0);
      expect(count('shared with coach')).toBeGreaterThan(floor(20));
      expect(count('reassigned')).toBeGreaterThan(floor(30));
      expect(count('delivery failed')).toBeGreaterThan(floor(100));
      expect(count('retried')).toBeGreaterThan(floor(30));
      expect(count('HR admin removed')).toBeGreaterThan(floor(25));
      expect(count('tampered')).toBeGreaterThan(0);
      expect(count('purged')).toBeGreaterThan(floor(2));
      expect(count('assessment recorded')).toBeGreaterThan(floor(100));
      expect(count('insight written')).toBeGreaterThan(floor(4));

      expect(count('session question')).toBeGreaterThan(floor(6));
      expect(count('coach note')).toBeGreaterThan(floor(6));
      // The second organisation and Kim, who is in both.
      expect(count('invited coach joined')).toBeGreaterThan(floor(100));
      expect(count('settings saved')).toBeGreaterThan(floor(50));
      expect(count('settings applied to existing')).toBeGreaterThan(floor(20));
      expect(count('replayed in the other organisation')).toBeGreaterThan(floor(300));
    },
    // A bound against a hang, not a speed target: two organisations take about 90 ms a run on a quiet core, and a
    // shared machine running the whole suite beside it can triple that.
    Math.max(120_000, runs * 300),
  );
});
