import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../../src/ports/clock.js';

/**
 * The demo's clock. For people watching `npm run demo` it is real time, and waiting for a meeting to start
 * is real waiting. For the demo's test it skips: waiting moves the clock ahead at once, so a meeting set for
 * the next whole minute has started a moment later. Everything the core, the jobs and the queues compute runs
 * on this clock (BullMQ's real-time delays are translated: `QueueSettings.clock`).
 */
export interface DemoClock extends Clock {
  /** Whether waits are skipped (the clock jumps) rather than waited out. */
  readonly skips: boolean;
  /** Returns once `at` has passed on this clock: after real waiting, or at once by moving the clock ahead. */
  waitUntil(at: Date): Promise<void>;
}

export function realDemoClock(): DemoClock {
  return {
    skips: false,
    now: () => new Date(),
    waitUntil: async (at) => {
      const ms = at.getTime() - Date.now();
      if (ms > 0) await sleep(ms);
    },
  };
}

/** Real time plus what was skipped: it never runs backwards, and between skips it advances as time does. */
export function skippingDemoClock(): DemoClock {
  let aheadMs = 0;
  const now = () => new Date(Date.now() + aheadMs);
  return {
    skips: true,
    now,
    waitUntil: async (at) => {
      aheadMs += Math.max(0, at.getTime() - now().getTime());
    },
  };
}
