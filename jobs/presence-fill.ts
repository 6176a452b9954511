import { z } from 'zod';
import {
  defaultFillPace,
  type FillPace,
  type FillReport,
  fillPresence,
  type LearnPresenceDeps,
} from '../src/scheduling/learn-presence.js';
import { type TriadQueues, triadKey } from './queues.js';

/** How long the backfill rests once a pass reached the last engagement (a pass finding nothing reads them all). */
export const FILL_REST_MS = 6 * 3600_000;
/** How long a running pass keeps others out; a crashed pass's lock simply expires. */
const RUNNING_MS = 4 * 60_000;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

const cursorKey = (queues: TriadQueues) => triadKey(queues, 'presence-fill', 'after');
const restKey = (queues: TriadQueues) => triadKey(queues, 'presence-fill', 'resting');
const runningKey = (queues: TriadQueues) => triadKey(queues, 'presence-fill', 'running');

export type FillRun = (FillReport & { outcome: 'done' }) | { outcome: 'busy' | 'resting' };

/**
 * One pass of the presence backfill (`presence-fill`, every five minutes): goes on from where the last pass
 * stopped (the cursor in Redis), looks up at most `pace` clients whose presence is not stored, and moves the
 * cursor. Once a pass reaches the end, the next starts over after `FILL_REST_MS`, so a client the platform never
 * answers for is asked once every six hours at most (a start whose lookup failed waits that long at most; its
 * first prompt waits for the kick-off and alignment meetings anyway). One pass runs at a time. Losing the keys (a Redis wipe) only starts a
 * pass over: what is stored is not asked again.
 */
export async function runPresenceFill(
  queues: TriadQueues,
  deps: LearnPresenceDeps,
  pace: FillPace = defaultFillPace,
): Promise<FillRun> {
  if (await queues.redis.exists(restKey(queues))) return { outcome: 'resting' };
  const token = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const running = runningKey(queues);
  if ((await queues.redis.set(running, token, 'PX', RUNNING_MS, 'NX')) !== 'OK') return { outcome: 'busy' };
  try {
    const stored = await queues.redis.get(cursorKey(queues));
    const afterId = z.uuid().safeParse(stored).success ? (stored as string) : undefined;
    const report = await fillPresence(afterId, deps, pace);
    if (report.nextAfterId) await queues.redis.set(cursorKey(queues), report.nextAfterId);
    else {
      await queues.redis.del(cursorKey(queues));
      await queues.redis.set(restKey(queues), '1', 'PX', FILL_REST_MS);
    }
    deps.logger.info(
      {
        missing: report.missing,
        asked: report.asked,
        stored: report.stored,
        more: Boolean(report.nextAfterId),
      },
      'presence backfill pass',
    );
    return { outcome: 'done', ...report };
  } finally {
    await queues.redis.eval(RELEASE, 1, running, token).catch(() => undefined);
  }
}
