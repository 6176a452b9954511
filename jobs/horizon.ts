import { planningHorizon } from '../src/scheduling/planned-jobs.js';
import { type TriadQueues, triadKey } from './queues.js';

/**
 * The horizon's mark: the instant (core clock, ms) up to which every planned one-off job is in Redis — raised by
 * each horizon tick to the far edge it covered, and by reconciliation to the edge it rebuilt. It lives in the
 * same Redis as the jobs, so it survives what they survive (a worker restart, a Redis restart with persistence)
 * and is lost with them (a wipe, after which reconciliation sets it again).
 */
export const horizonMarkKey = (queues: Pick<TriadQueues, 'prefix'>) => triadKey(queues, 'horizon', 'covered');

const RAISE = `local c = tonumber(redis.call('GET', KEYS[1]) or '0') if tonumber(ARGV[1]) > c then redis.call('SET', KEYS[1], ARGV[1]) end return 1`;

/** The mark, or undefined when there is none (first run, Redis wiped). */
export async function readHorizonMark(queues: TriadQueues): Promise<Date | undefined> {
  const mark = Number(await queues.redis.get(horizonMarkKey(queues)));
  return Number.isFinite(mark) && mark > 0 ? new Date(mark) : undefined;
}

/** Raises the mark to `to` (never lowers it: a slower tick or reconciliation finishing later keeps the higher one). */
export async function raiseHorizonMark(queues: TriadQueues, to: Date): Promise<void> {
  await queues.redis.eval(RAISE, 1, horizonMarkKey(queues), String(to.getTime()));
}

/**
 * How far a sync at `now` queues jobs: the horizon from now, or the mark when that is further (a tick already
 * passed it: a job due before the mark must be queued by whoever plans it, or no one would).
 */
export async function horizonEdge(queues: TriadQueues, now: Date): Promise<Date> {
  const mark = await readHorizonMark(queues);
  return new Date(Math.max(now.getTime() + planningHorizon.horizonMs, mark?.getTime() ?? 0));
}
