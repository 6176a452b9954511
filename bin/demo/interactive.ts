import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { sessionHelp } from '../../adapters/local/local-session.js';
import { type CastMember, cast, castMembers, findCastMember } from './cast.js';
import { type DemoOptions, startDemoWorld } from './run-demo.js';

export interface InteractiveOptions extends DemoOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
}

const terminalHelp = [
  'Terminal:',
  '  as <name|role>     act as someone else (hana, alex, sam, kim, lee, rio — or hr, client, sponsor, coach)',
  '  who                the people and their roles',
  '  show [name]        everything that person has seen so far',
  '  watch all|me       print what everyone sees as it arrives (all), or only you (me)',
  '  wait <seconds>     let time pass (scheduled prompts, reminders, deliveries)',
  '  quit               stop the demo (also Ctrl-D)',
].join('\n');

const describe = (m: CastMember) => `${m.handle.padEnd(5)} ${m.displayName} (${m.roleName}, ${m.timeZone})`;

/**
 * The same local platform in a terminal: choose who you are, type commands, answers and button numbers, and
 * see what each person sees. Lines are handled one at a time, so a scripted stdin works too.
 */
export async function runInteractiveDemo(options: InteractiveOptions): Promise<void> {
  let me: CastMember = cast.hr;
  let watchAll = true;
  const world = await startDemoWorld({
    ...options,
    // People type slower than the script: a "week" of prompts every 30 s, nudges after 10 s, a minute of retention.
    timing: { promptEveryMs: 30_000, nudgeAfterMs: 10_000, retentionMs: 60_000, ...options.timing },
    full: true,
    follow: () => (watchAll ? undefined : [me.platformUserId]),
  });
  const say = options.write;
  say(
    `Triad local demo — database: ${world.services.describe.database}; redis: ${world.services.describe.redis}`,
  );
  const { promptEveryMs, nudgeAfterMs, retentionMs } = world.timing;
  say(
    `Once coaching starts: a reflection prompt every ${promptEveryMs / 1000} s, a nudge ${nudgeAfterMs / 1000} s after an unanswered one; retention ${retentionMs / 1000} s after closing. Meetings take whole minutes: pick them with +1m.`,
  );
  say('People:');
  for (const member of castMembers) say(`  ${describe(member)}`);
  say(
    `You are ${me.displayName} (HR). Try: /coaching start client:@alex sponsor:@sam coach:@kim coach:@lee coach:@rio`,
  );
  say('Type help for everything you can do.');

  const rl = createInterface({ input: options.input, output: options.output, terminal: false });
  const prompt = () => options.output.write(`${me.handle} (${me.roleName})> `);
  prompt();
  try {
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === '') {
        prompt();
        continue;
      }
      const [word = '', ...rest] = line.split(/\s+/);
      const verb = word.toLowerCase();
      if (verb === 'quit' || verb === 'exit') break;
      if (verb === 'as') {
        const found = findCastMember(rest.join(' '));
        if (found) me = found;
        say(found ? `You are now ${describe(me)}.` : `Nobody called “${rest.join(' ')}”. Type who.`);
      } else if (verb === 'who') {
        for (const member of castMembers) say(`  ${describe(member)}${member === me ? '  ← you' : ''}`);
      } else if (verb === 'show') {
        const whom = rest.length > 0 ? findCastMember(rest.join(' ')) : me;
        if (whom) say(world.transcript.personal(whom, world.platform.seenBy(whom.platformUserId)));
        else say(`Nobody called “${rest.join(' ')}”.`);
      } else if (verb === 'watch') {
        watchAll = rest[0]?.toLowerCase() !== 'me';
        say(watchAll ? 'Showing what everyone sees.' : `Showing only what ${me.displayName} sees.`);
      } else if (verb === 'wait') {
        const seconds = Math.min(Math.max(Number(rest[0] ?? '5') || 5, 0), 600);
        await sleep(seconds * 1000);
      } else if (verb === 'help') {
        say(`${terminalHelp}\n${sessionHelp}`);
      } else {
        // A terminal shows what was typed already; a piped script is easier to follow with it.
        if (!(options.input as { isTTY?: boolean }).isTTY) world.transcript.typed(me, line);
        await world.session.run(me.platformUserId, line);
        // Let deliveries caused by the line arrive before the next prompt.
        await sleep(400);
      }
      prompt();
    }
  } finally {
    rl.close();
    await world.close();
    say('Demo stopped; its private Redis and embedded database are gone.');
  }
}
