import { setTimeout as sleep } from 'node:timers/promises';
import { DateTime } from 'luxon';
import type { LocalPlatform, SeenLine } from '../../adapters/local/local-platform.js';
import type { LocalSession } from '../../adapters/local/local-session.js';
import { type CastMember, cast, type Role } from './cast.js';
import type { DemoClock } from './demo-clock.js';
import type { Transcript } from './transcript.js';

/** Whether a control a person saw is the button labelled `label`. */
const buttonLabelled =
  (label: string) =>
  (seen: SeenLine['controls'][number]): boolean =>
    seen.control.type !== 'select' && seen.control.label.text === label;

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
  /** The demo's clock: meeting times are picked on it and waited for on it. */
  clock: DemoClock;
  /** How long to wait for something asynchronous (a delivery, a scheduled job) before the demo fails. */
  waitMs: number;
}

/**
 * Drives the scripted engagement the way people would: each person types lines into the local platform
 * and the director waits, with a deadline, for what they should see next.
 */
export function createDirector(options: DirectorOptions) {
  const { platform, session, transcript, clock } = options;
  let stepStart = 0;
  /** Scheduled events that did not arrive; the story goes on without them, but the demo fails. */
  const missing: { what: string; needs: string }[] = [];

  const member = (role: Role): CastMember => cast[role];

  /** Types a line as `role`; the line must succeed (an error reply stops the demo). */
  async function type(role: Role, line: string, shownAs = line): Promise<SeenLine[]> {
    const who = member(role);
    transcript.typed(who, shownAs);
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

  /** Where to look from (an index into everything seen) and for how long. */
  interface Wait {
    since?: number;
    waitMs?: number;
  }

  /** Waits until `role` has seen a line matching `match`, since the current step began unless `since` says. */
  async function waitFor(
    role: Role,
    what: string,
    match: (line: SeenLine) => boolean,
    wait: Wait = {},
  ): Promise<SeenLine> {
    const userId = member(role).platformUserId;
    const waitMs = wait.waitMs ?? options.waitMs;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const found = platform.seen
        .slice(wait.since ?? stepStart)
        .find((line) => line.userId === userId && match(line));
      if (found) return found;
      if (Date.now() > deadline) {
        throw new DemoStepError(`${member(role).displayName} did not see ${what} within ${waitMs / 1000} s`);
      }
      await sleep(50);
    }
  }

  const summaryIs = (pattern: RegExp) => (line: SeenLine) => pattern.test(line.summary);

  /**
   * The number of the button labelled `label` on the latest message `role` saw whose summary matches and which
   * carries that button: a command's reply can share a delivered message's summary and arrive after it.
   */
  function buttonOn(role: Role, summary: RegExp, label: string): number {
    const userId = member(role).platformUserId;
    const isButton = buttonLabelled(label);
    const found = platform
      .seenBy(userId)
      .filter((line) => summary.test(line.summary) && line.controls.some(isButton))
      .at(-1)
      ?.controls.find(isButton);
    if (!found)
      throw new DemoStepError(`${member(role).displayName} has no “${label}” button on “${summary.source}”.`);
    return found.number;
  }

  /**
   * Like waitFor, for something a scheduled job brings (a prompt, a nudge, a reminder): when it does not come
   * the story carries on without it and the miss is reported with what it needs; undefined then.
   */
  async function expectScheduled(
    role: Role,
    what: string,
    match: (line: SeenLine) => boolean,
    needs: string,
    wait: Wait = {},
  ): Promise<SeenLine | undefined> {
    try {
      return await waitFor(role, what, match, wait);
    } catch (error) {
      if (!(error instanceof DemoStepError)) throw error;
      missing.push({ what: `${member(role).displayName} to see ${what}`, needs });
      transcript.note(`✗ ${error.message} — needs ${needs}`);
      return undefined;
    }
  }

  return {
    member,
    type,
    typeRefused,
    waitFor,
    expectScheduled,
    /** Presses the button labelled `label` on the latest message whose summary matches (not just the latest such button). */
    async pressOn(role: Role, summary: RegExp, label: string): Promise<SeenLine[]> {
      const number = buttonOn(role, summary, label);
      return type(
        role,
        `press ${number}`,
        `press ${number}   (“${label}” on “${summary.source.replace(/^\^/, '')}”)`,
      );
    },
    /** Presses the button labelled `label` on exactly this message, however many others share its summary. */
    async pressOnLine(role: Role, line: SeenLine, label: string): Promise<SeenLine[]> {
      const found = line.controls.find(buttonLabelled(label));
      if (!found)
        throw new DemoStepError(`${member(role).displayName} has no “${label}” button on “${line.summary}”.`);
      return type(role, `press ${found.number}`, `press ${found.number}   (“${label}” on “${line.summary}”)`);
    },
    missing: missing as readonly { what: string; needs: string }[],
    /** Records something scheduled that did not happen, with what it needs. */
    miss(what: string, needs: string): void {
      missing.push({ what, needs });
      transcript.note(`✗ ${what} did not happen in time — needs ${needs}`);
    },
    summaryIs,
    /** The position after everything seen so far, to wait for what comes next from here. */
    mark: () => platform.seen.length,
    /** The position just after a line someone saw. */
    after: (line: SeenLine) => platform.seen.indexOf(line) + 1,
    step(title: string): void {
      stepStart = platform.seen.length;
      transcript.step(title);
    },
    note: (text: string) => transcript.note(text),
    /** The first whole minute at least `leadMs` ahead, as `role` would pick it in their own zone. */
    nextMinute(role: Role, leadMs = 5_000): { local: string; at: Date } {
      const ahead = DateTime.fromJSDate(clock.now())
        .setZone(member(role).timeZone)
        .plus({ milliseconds: leadMs });
      const at = ahead.startOf('minute').equals(ahead) ? ahead : ahead.startOf('minute').plus({ minutes: 1 });
      return { local: at.toFormat("yyyy-LL-dd'T'HH:mm"), at: at.toJSDate() };
    },
    /** Waits until `at` has passed on the demo's clock, saying so: in real time, or by skipping ahead. */
    async waitUntil(at: Date, why: string): Promise<void> {
      const until = new Date(at.getTime() + 250);
      const ms = until.getTime() - clock.now().getTime();
      if (ms <= 0) return;
      const seconds = Math.ceil(ms / 1000);
      transcript.note(
        clock.skips ? `… skipping ${seconds} s ahead until ${why}` : `… waiting ${seconds} s until ${why}`,
      );
      await clock.waitUntil(until);
    },
  };
}

export type Director = ReturnType<typeof createDirector>;
