import { Queue } from 'bullmq';
import { INBOUND_QUEUE_NAME } from './inbound-queue.js';
import type { TriadQueues } from './queues.js';

/**
 * Removes from Redis everything that names a purged engagement or one of its ids (prompts, entries, releases,
 * outbox rows, meetings): its prompt scheduler, every job of any state whose id or data names one (scheduled,
 * waiting, finished and failed records with their logs), the entries of the queues' event streams that name
 * one (BullMQ records added/completed/failed/removed there with job ids and return values), and Triad's own
 * keys (the engagement's job index and sync lock). A job running right now cannot be removed: the call throws,
 * so the purge rolls back and the next run tries again.
 */
export async function forgetEngagement(
  queues: TriadQueues,
  engagementId: string,
  relatedIds: readonly string[],
): Promise<void> {
  const needles = [engagementId, ...relatedIds];
  const names = (text: string | null | undefined) => !!text && needles.some((id) => text.includes(id));
  const inbound = new Queue(INBOUND_QUEUE_NAME, { connection: queues.redis, prefix: queues.prefix });
  try {
    for (const queue of [queues.schedule, queues.delivery, inbound]) await forgetJobs(queues, queue, names);
    for (const queue of [queues.schedule, queues.delivery, inbound]) await forgetEvents(queues, queue, names);
  } finally {
    await inbound.close();
  }
  const own = await scanKeys(queues, `${queues.prefix}:triad:*`);
  const mine = own.filter(names);
  if (mine.length > 0) await queues.redis.del(...mine);
}

/** Every key matching `pattern`, by SCAN (never KEYS: Redis keeps serving while it runs). */
async function scanKeys(queues: TriadQueues, pattern: string): Promise<string[]> {
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await queues.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    for (const key of batch) keys.add(key);
    cursor = next;
  } while (cursor !== '0');
  return [...keys];
}

const BATCH = 500;

/**
 * Removes the queue's schedulers (`<prefix>:<queue>:repeat:<id>`) and jobs (`<prefix>:<queue>:<job id>`, a
 * hash; BullMQ forbids colons in job ids) whose id, name, data, result or failure names one of the ids. The
 * fields are read in pipelines of BATCH keys: one round trip per batch, not per job.
 */
async function forgetJobs(queues: TriadQueues, queue: Queue, names: (text: string) => boolean) {
  const base = `${queues.prefix}:${queue.name}:`;
  const keys = await scanKeys(queues, `${base}*`);
  const schedulers = keys.filter((key) => key.slice(base.length).startsWith('repeat:'));
  const jobs = keys.filter((key) => !key.slice(base.length).includes(':'));
  for (let at = 0; at < schedulers.length; at += BATCH) {
    const batch = schedulers.slice(at, at + BATCH);
    const pipeline = queues.redis.pipeline();
    for (const key of batch) pipeline.hgetall(key);
    const replies = (await pipeline.exec()) ?? [];
    for (const [index, key] of batch.entries()) {
      const schedulerId = key.slice(`${base}repeat:`.length);
      const [error, fields] = replies[index] ?? [];
      if (schedulerId.includes(':')) continue;
      if (names(schedulerId) || (!error && names(JSON.stringify(fields)))) {
        await queue.removeJobScheduler(schedulerId);
      }
    }
  }
  for (let at = 0; at < jobs.length; at += BATCH) {
    const batch = jobs.slice(at, at + BATCH);
    const pipeline = queues.redis.pipeline();
    for (const key of batch) pipeline.hmget(key, 'name', 'data', 'returnvalue', 'failedReason');
    const replies = (await pipeline.exec()) ?? [];
    for (const [index, key] of batch.entries()) {
      const jobId = key.slice(base.length);
      const [error, fields] = replies[index] ?? [];
      if (error) continue; // not a hash: one of the queue's own lists, sets or counters
      const [name, data, returned, failed] = fields as (string | null)[];
      if (name === null && data === null) continue; // not a job (e.g. the queue's meta)
      if ([jobId, name, data, returned, failed].some((text) => !!text && names(text))) {
        const removed = await queue.remove(jobId);
        // 0: gone meanwhile (fine) or locked by a worker running it (not removable now: the purge retries).
        if (removed !== 1 && (await queues.redis.exists(key)) === 1) {
          throw new Error('a job of the engagement is running and cannot be removed yet');
        }
      }
    }
  }
  // What a scheduler's removal leaves behind: its id in the queue's repeat set.
  const repeat = `${base}repeat`;
  const stale = (await queues.redis.zrange(repeat, 0, -1)).filter(names);
  if (stale.length > 0) await queues.redis.zrem(repeat, ...stale);
}

/** Deletes the entries of the queue's event stream that name one of the ids (read in pages of 1000). */
async function forgetEvents(queues: TriadQueues, queue: Queue, names: (text: string) => boolean) {
  const stream = `${queues.prefix}:${queue.name}:events`;
  let start = '-';
  for (;;) {
    const page = await queues.redis.xrange(stream, start, '+', 'COUNT', 1000);
    const mine = page.filter(([, fields]) => fields.some(names)).map(([id]) => id);
    if (mine.length > 0) await queues.redis.xdel(stream, ...mine);
    const last = page.at(-1);
    if (page.length < 1000 || !last) return;
    start = `(${last[0]}`;
  }
}
