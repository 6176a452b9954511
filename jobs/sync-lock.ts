import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../src/ports/logger.js';
import { type TriadQueues, triadKey } from './queues.js';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
/** RELEASE for many locks at once: KEYS[i] is deleted when it still holds ARGV[i]. */
const RELEASE_MANY = `local n = 0 for i, key in ipairs(KEYS) do if redis.call('GET', key) == ARGV[i] then n = n + redis.call('DEL', key) end end return n`;
const LOCK_MS = 30_000;

/** Where the ids of an engagement's one-off jobs are remembered, so a sync finds the stale ones. */
export const jobIndexKey = (queues: Pick<TriadQueues, 'prefix'>, engagementId: string) =>
  triadKey(queues, 'jobs', engagementId);

const lockKey = (queues: Pick<TriadQueues, 'prefix'>, engagementId: string) =>
  triadKey(queues, 'sync-lock', engagementId);
const newToken = () => `${process.pid}-${Math.random().toString(36).slice(2)}`;

/** An engagement's sync lock held by this process, and its job index as read under the lock. */
export interface HeldLock {
  token: string;
  indexed: string[];
}

/**
 * Runs one engagement's sync at a time across all processes (a short Redis lock), so two syncs never
 * interleave their removals and additions. After `waitMs` it goes ahead anyway: both read the same database.
 */
export async function withEngagementLock<T>(
  queues: TriadQueues,
  engagementId: string,
  logger: Logger,
  work: () => Promise<T>,
  waitMs = 10_000,
): Promise<T> {
  const key = lockKey(queues, engagementId);
  const token = newToken();
  let held = false;
  for (let waited = 0; waited <= waitMs; waited += 25) {
    held = (await queues.redis.set(key, token, 'PX', LOCK_MS, 'NX')) === 'OK';
    if (held) break;
    await sleep(25);
  }
  if (!held) logger.warn({ engagementId }, 'sync lock busy; syncing anyway');
  try {
    return await work();
  } finally {
    if (held) await releaseEngagementLock(queues, engagementId, token);
  }
}

/**
 * Takes the sync locks of those engagements that are free right now, all in one round trip, and reads each
 * one's job index under its lock. Engagements whose lock is busy are left out (sync them with
 * `withEngagementLock`, which waits).
 */
export async function lockEngagements(
  queues: Pick<TriadQueues, 'redis' | 'prefix'>,
  engagementIds: readonly string[],
): Promise<Map<string, HeldLock>> {
  const token = newToken();
  const pipeline = queues.redis.pipeline();
  for (const id of engagementIds) {
    pipeline.set(lockKey(queues, id), token, 'PX', LOCK_MS, 'NX');
    pipeline.smembers(jobIndexKey(queues, id));
  }
  const replies = (await pipeline.exec()) ?? [];
  const held = new Map<string, HeldLock>();
  const failed = replies.find(([error]) => error)?.[0];
  engagementIds.forEach((id, index) => {
    const [lockError, locked] = replies[2 * index] ?? [];
    const [indexError, indexed] = replies[2 * index + 1] ?? [];
    if (lockError || locked !== 'OK') return;
    held.set(id, { token, indexed: indexError ? [] : (indexed as string[]) });
  });
  if (failed) {
    await releaseEngagementLocks(queues, held);
    throw failed;
  }
  return held;
}

/** Whether every key under the prefix is in one Redis Cluster slot: the prefix holds a hash tag (`{triad}`). */
const oneSlot = (queues: Pick<TriadQueues, 'prefix'>) => /\{[^}]+\}/.test(queues.prefix);

/**
 * Lets go of many sync locks in one round trip, each unless it expired and someone else holds it now: one script
 * call for all of them when their keys share a slot (a hash-tag prefix, the default), else one call each.
 */
export async function releaseEngagementLocks(
  queues: Pick<TriadQueues, 'redis' | 'prefix'>,
  locks: ReadonlyMap<string, { token: string }>,
): Promise<void> {
  if (locks.size === 0) return;
  if (oneSlot(queues)) {
    const keys = [...locks.keys()].map((engagementId) => lockKey(queues, engagementId));
    const tokens = [...locks.values()].map((lock) => lock.token);
    await queues.redis.eval(RELEASE_MANY, keys.length, ...keys, ...tokens);
    return;
  }
  const pipeline = queues.redis.pipeline();
  for (const [engagementId, lock] of locks)
    pipeline.eval(RELEASE, 1, lockKey(queues, engagementId), lock.token);
  await pipeline.exec();
}

/** Lets go of a sync lock, unless it expired and someone else holds it now. */
export async function releaseEngagementLock(
  queues: TriadQueues,
  engagementId: string,
  token: string,
): Promise<void> {
  await queues.redis.eval(RELEASE, 1, lockKey(queues, engagementId), token);
}
