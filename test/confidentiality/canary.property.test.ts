import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Command, commandArbitrary } from './canary/commands.js';
import { runClientCommand } from './canary/run-client.js';
import { runLifecycleCommand } from './canary/run-lifecycle.js';
import { scanAtRest, scanNew } from './canary/scan.js';
import { createWorld, observeStore, type World } from './canary/world.js';

/**
 * The third defence (DESIGN section 3): tests that try to break it. Random sequences of commands from every role
 * — HR lifecycle, sponsor expectations and relays, meetings, meeting preparation, sessions, coach choice, prompts issued, nudged,
 * answered, edited and shared, goals drafted, edited, previewed, released and withdrawn, exports and purges — with
 * a unique canary planted in every private input. After every command nothing bound for the sponsor space or HR
 * (outbox decrypted with the cipher), no sponsor or HR reply, no refusal, no audit entry and no log line holds a
 * canary or a private ciphertext's bytes; the only exception is text the client released, which must appear
 * exactly as previewed and only in its own engagement. No stored row ever holds a canary in plain form.
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

async function run(world: World, command: Command): Promise<void> {
  const replies = world.replies.length;
  const errors = world.errors.length;
  if (clientCommands.has(command.t))
    await runClientCommand(world, command as Parameters<typeof runClientCommand>[1]);
  else await runLifecycleCommand(world, command as Parameters<typeof runLifecycleCommand>[1]);
  await observeStore(world);
  await scanNew(world, replies, errors);
}

/** How many runs reached each milestone, so a weakened generator shows up as a failing test. */
const reached = new Map<string, number>();
const count = (milestone: string) => reached.get(milestone) ?? 0;

describe('the canary property', () => {
  it('no private text reaches the sponsor, HR, audit or logs unless the client released it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(commandArbitrary, { minLength: 1, maxLength: 50, size: 'max' }),
        async (commands) => {
          const world = await createWorld();
          for (const command of commands) await run(world, command);
          scanAtRest(world);
          for (const milestone of world.milestones) reached.set(milestone, count(milestone) + 1);
        },
      ),
      { numRuns: 1000 },
    );
    process.stdout.write(`canary property coverage: ${JSON.stringify(Object.fromEntries(reached))}\n`);
    // Typical counts are about twice these floors; they only catch a generator that stopped reaching a state.
    expect(count('prompted')).toBeGreaterThan(300);
    expect(count('answered')).toBeGreaterThan(150);
    expect(count('prepared')).toBeGreaterThan(80);
    expect(count('released')).toBeGreaterThan(100);
    expect(count('withdrawn')).toBeGreaterThan(8);
    expect(count('shared with coach')).toBeGreaterThan(15);
    expect(count('purged')).toBeGreaterThan(30);
  }, 120_000);
});
