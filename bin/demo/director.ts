import { setTimeout as sleep } from 'node:timers/promises';
import { DateTime } from 'luxon';
import type { LocalPlatform, SeenLine } from '../../adapters/local/local-platform.js';
import type { LocalSession } from '../../adapters/local/local-session.js';
import { type CastMember, cast, type Role } from './cast.js';
import type { Transcript } from './transcript.js';

/** The scripted demo stopped: a step did not happen as the story expects. */
export class DemoStepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoStepError';
  }
}

export interface DirectorOptions {
  platform: LocalPlatform;
  session: LocalSession;
  transcript: Transcript;
  /** How long to wait for something asynchronous (a delivery, a scheduled job) before the demo fails. */
  waitMs: number;
}

/**
 * Drives the scripted engagement the way people would: each person types lines into the local platform
 * and the director waits, with a deadline, for what they should see next.
 */
export function createDirector(options: DirectorOptions) {
  const { platform, session, transcript } = options;
  let stepStart = 0;

  const member = (role: Role): CastMember => cast[role];

  /** Types a line as `role`; the line must succeed (an error reply stops the demo). */
  async function type(role: Role, line: string): Promise<SeenLine[]> {
    const who = member(role);
    transcript.typed(who, line);
    const outcome = await session.run(who.platformUserId, line);
    if (!outcome.ok) {
      const said = outcome.shown.map((l) => l.text).join(' ');
      throw new DemoStepError(`${who.displayName} typed “${line}” and Triad answered: ${said}`);
    }
    return outcome.shown;
  }

  /** Types a line that must be refused (a bad request); returns what the person was told. */
  async function typeRefused(role: Role, line: string): Promise<string> {
    const who = member(role);
    transcript.typed(who, line);
    const outcome = await session.run(who.platformUserId, line);
    if (outcome.ok) throw new DemoStepError(`${who.displayName} typed “${line}” and it was accepted`);
    return outcome.shown.map((l) => l.text).join('\n');
  }

  /** Waits until `role` has seen a line matching `match` since the current step began. */
  async function waitFor(
    role: Role,
    what: string,
    match: (line: SeenLine) => boolean,
    waitMs = options.waitMs,
  ): Promise<SeenLine> {
    const userId = member(role).platformUserId;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const found = platform.seen.slice(stepStart).find((line) => line.userId === userId && match(line));
      if (found) return found;
      if (Date.now() > deadline) {
        throw new DemoStepError(`${member(role).displayName} did not see ${what} within ${waitMs / 1000} s`);
      }
      await sleep(50);
    }
  }

  const summaryIs = (pattern: RegExp) => (line: SeenLine) => pattern.test(line.summary);

  return {
    member,
    type,
    typeRefused,
    waitFor,
    summaryIs,
    step(title: string): void {
      stepStart = platform.seen.length;
      transcript.step(title);
    },
    note: (text: string) => transcript.note(text),
    /** The first whole minute at least `leadMs` ahead, as `role` would pick it in their own zone. */
    nextMinute(role: Role, leadMs = 5_000): { local: string; at: Date } {
      const ahead = DateTime.now().setZone(member(role).timeZone).plus({ milliseconds: leadMs });
      const at = ahead.startOf('minute').equals(ahead) ? ahead : ahead.startOf('minute').plus({ minutes: 1 });
      return { local: at.toFormat("yyyy-LL-dd'T'HH:mm"), at: at.toJSDate() };
    },
    /** Waits (really: no fake clock) until `at` has passed, saying so. */
    async waitUntil(at: Date, why: string): Promise<void> {
      const ms = at.getTime() - Date.now() + 250;
      if (ms <= 0) return;
      transcript.note(`… waiting ${Math.ceil(ms / 1000)} s until ${why}`);
      await sleep(ms);
    },
  };
}

export type Director = ReturnType<typeof createDirector>;
